package dev.dspj.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dspj.module.Module;
import dev.dspj.module.NamedPredictor;
import dev.dspj.primitives.Prediction;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfiguredProgramsTest {

    /** A module with no state. */
    abstract static class Plain implements Module {
        @Override
        public Prediction forward(Map<String, Object> inputs) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<NamedPredictor> namedPredictors() {
            return List.of();
        }

        @Override
        public Module deepCopy() {
            return this;
        }
    }

    /** Made like a generated predictor: private constructor, static factories. */
    static final class Factory extends Plain {
        final String made;

        private Factory(String made) {
            this.made = made;
        }

        public static Factory predict() {
            return new Factory("predict");
        }

        public static Factory chainOfThought() {
            return new Factory("chainOfThought");
        }
    }

    /** Made with its no-arg constructor. */
    static final class Constructed extends Plain {}

    /** Neither. */
    static final class Unmakeable extends Plain {
        Unmakeable(int unused) {}
    }

    /** A factory that fails. */
    static final class Failing extends Plain {
        @SuppressWarnings("DoNotCallSuggester") // called reflectively, to fail
        public static Failing predict() {
            throw new IllegalStateException("no model configured");
        }
    }

    @Test
    void aGeneratedPredictorIsMadeByItsFactoryAndAnyOtherModuleByItsConstructor() {
        Class<? extends Module> type = ConfiguredPrograms.programClass(
                "dspj.programs.qa", Factory.class.getName(), getClass().getClassLoader());
        assertEquals("predict", ((Factory) ConfiguredPrograms.create("dspj.programs.qa", type)).made);
        assertEquals(
                "chainOfThought",
                ((Factory) ConfiguredPrograms.instantiate(Factory.class, ConfiguredPrograms.CHAIN_OF_THOUGHT)).made);
        assertInstanceOf(
                Constructed.class, ConfiguredPrograms.instantiate(Constructed.class, ConfiguredPrograms.PREDICT));
    }

    @Test
    void aClassThatCannotBeMadeOrWhoseFactoryFailsIsNamed() {
        IllegalStateException none = assertThrows(
                IllegalStateException.class,
                () -> ConfiguredPrograms.programClass(
                        "dspj.programs.qa",
                        Unmakeable.class.getName(),
                        getClass().getClassLoader()));
        assertTrue(
                none.getMessage().contains("no no-arg constructor and no static predict() factory"), none::getMessage);

        IllegalStateException failed = assertThrows(
                IllegalStateException.class, () -> ConfiguredPrograms.create("dspj.programs.qa", Failing.class));
        assertTrue(
                failed.getMessage()
                        .startsWith("dspj.programs.qa.type=" + Failing.class.getName() + ": predict() failed"),
                failed::getMessage);
        assertTrue(failed.getMessage().contains("no model configured"), failed::getMessage);
    }
}
