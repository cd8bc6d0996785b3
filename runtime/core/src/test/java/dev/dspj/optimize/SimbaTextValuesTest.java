package dev.dspj.optimize;

import static dev.dspj.TestTypes.in;
import static dev.dspj.TestTypes.out;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dspj.TestTypes;
import dev.dspj.codec.Codecs;
import dev.dspj.signature.SignatureDescriptor;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How SIMBA records a trajectory's values and reads them back from its run record. */
class SimbaTextValuesTest {

    private static final SignatureDescriptor PROFILE = SignatureDescriptor.builder("Profile")
            .field(in("address", TestTypes.ADDRESS))
            .field(out("count", Codecs.INT))
            .build();

    @Test
    void typedValuesRoundTripThroughTheirCodecs() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("address", new TestTypes.Address("1 Main St", 12345));
        values.put("count", 3);
        ObjectNode json = SimbaText.valuesToJson(values, PROFILE);
        assertEquals("{\"address\":{\"street\":\"1 Main St\",\"zip_code\":12345},\"count\":3}", json.toString());
        assertEquals(values, SimbaText.valuesFromJson(json, PROFILE));
    }

    @Test
    void valuesTheCodecCannotReadAndUnknownKeysComeBackAsPlainValues() throws Exception {
        ObjectNode json = (ObjectNode) new JsonMapper()
                .readTree("{\"count\": \"many\", \"address\": null, \"flags\": [true, 1.5, 12345678901234567890],"
                        + " \"note\": {\"by\": \"x\", \"n\": 7}}");
        Map<String, Object> values = SimbaText.valuesFromJson(json, PROFILE);
        assertEquals("many", values.get("count"), "text the int codec refuses is kept as text");
        assertNull(values.get("address"));
        assertEquals(List.of(true, 1.5, new BigInteger("12345678901234567890")), values.get("flags"));
        assertEquals(Map.of("by", "x", "n", 7L), values.get("note"));
    }

    @Test
    void longTextIsTruncatedByCodePoints() {
        assertEquals("abc", SimbaText.truncate("abc", 3));
        assertEquals("😀😀" + Simba.TRUNCATION_MARK, SimbaText.truncate("😀😀😀", 2));
    }
}
