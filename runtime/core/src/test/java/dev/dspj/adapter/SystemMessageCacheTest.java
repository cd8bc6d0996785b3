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
}
