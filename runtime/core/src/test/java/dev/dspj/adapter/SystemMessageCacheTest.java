package dev.dspj.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dspj.signature.SignatureDescriptor;
import org.junit.jupiter.api.Test;

/** The system message is written once per signature and per adapter, and follows every change. */
class SystemMessageCacheTest {

    @Test
    void theSameSignatureGivesTheSameTextAndAChangedOneItsNewText() {
        SignatureDescriptor signature = AdapterFixtures.extract();
        for (FieldAdapter adapter :
                new FieldAdapter[] {ChatAdapter.INSTANCE, JsonAdapter.INSTANCE, XmlAdapter.INSTANCE}) {
            String first = adapter.systemMessage(signature);
            assertSame(first, adapter.systemMessage(signature), "written once");
            assertEquals(
                    adapter.fieldDescription(signature) + "\n" + adapter.fieldStructure(signature) + "\n"
                            + adapter.taskDescription(signature),
                    first,
                    "the cached text is the text");
            SignatureDescriptor changed = signature.withInstructions("Extract only the names.");
            String rewritten = adapter.systemMessage(changed);
            assertTrue(rewritten.contains("Extract only the names."), rewritten);
            assertFalse(first.contains("Extract only the names."));
        }
        assertFalse(
                ChatAdapter.INSTANCE.systemMessage(signature).equals(XmlAdapter.INSTANCE.systemMessage(signature)),
                "each adapter keeps its own");
    }

    @Test
    void demoMessagesAreFormattedOncePerListAndAgainForAnotherSignature() {
        SignatureDescriptor qa = SignatureDescriptor.builder("Qa")
                .field(AdapterFixtures.in("question", dev.dspj.codec.Codecs.STRING))
                .field(AdapterFixtures.out("answer", dev.dspj.codec.Codecs.STRING))
                .build();
        SignatureDescriptor renamed = SignatureDescriptor.builder("Qa")
                .field(AdapterFixtures.in("question", dev.dspj.codec.Codecs.STRING))
                .field(AdapterFixtures.out("reply", dev.dspj.codec.Codecs.STRING))
                .build();
        java.util.List<dev.dspj.primitives.Example> demos = java.util.List.of(dev.dspj.primitives.Example.of(
                "question", "Capital of France?", "answer", "Paris", "reply", "It is Paris."));
        java.util.Map<String, Object> inputs = java.util.Map.of("question", "Capital of Peru?");
        for (FieldAdapter adapter :
                new FieldAdapter[] {ChatAdapter.INSTANCE, JsonAdapter.INSTANCE, XmlAdapter.INSTANCE}) {
            java.util.List<dev.dspj.lm.ChatMessage> first = adapter.format(qa, demos, inputs);
            java.util.List<dev.dspj.lm.ChatMessage> second = adapter.format(qa, demos, inputs);
            assertEquals(first, second);
            assertSame(first.get(2), second.get(2), "the demo's answer is formatted once");
            assertTrue(first.get(2).content().contains("Paris"), first.get(2).content());
            java.util.List<dev.dspj.lm.ChatMessage> other = adapter.format(renamed, demos, inputs);
            assertTrue(
                    other.get(2).content().contains("It is Paris."),
                    other.get(2).content());
            assertFalse(other.get(2).content().contains("\"Paris\"")
                    || other.get(2).content().endsWith("Paris"));
            assertEquals(
                    adapter.format(qa, java.util.List.copyOf(new java.util.ArrayList<>(demos)), inputs),
                    adapter.format(qa, demos, inputs),
                    "an equal list of the same demos formats the same");
        }
    }
}
