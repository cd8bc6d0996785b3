package dev.dspj.signature;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dspj.codec.Codecs;
import dev.dspj.module.ChainOfThought;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** DSPy's {@code infer_prefix} with the colon its signatures add. */
class PrefixesTest {

    @ParameterizedTest(name = "{0} -> \"{1}\"")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "question | Question:",
                "zip_code | Zip Code:",
                "someHTTPThing | Some HTTP Thing:",
                "camelCaseText | Camel Case Text:",
                "text2number | Text 2 Number:",
                "HTMLParser | HTML Parser:",
                "answer_v2 | Answer V 2:",
                "userID | User ID:",
                "sql_query2Result | Sql Query 2 Result:",
                "getHTTPResponseCode | Get HTTP Response Code:",
                "area51Location | Area 51 Location:",
                "ABC | ABC:",
                "x | X:",
                "already_Capital | \"Already  Capital:\"",
                "__private | \"  Private:\"",
            })
    void inferMatchesDspy(String name, String prefix) {
        assertEquals(prefix, Prefixes.infer(name));
    }

    @Test
    void fieldsGetTheInferredPrefixUnlessGivenOne() {
        FieldDescriptor<String> field = FieldDescriptor.input("zip_code", Codecs.STRING, "", null);

        assertEquals("Zip Code:", field.prefix());
        assertEquals("Zip:", field.withPrefix("Zip:").prefix());
        assertEquals("Zip Code:", field.withDescription("the zip").prefix());
        assertEquals("Reasoning: Let's think step by step in order to", ChainOfThought.REASONING.prefix());
    }
}
