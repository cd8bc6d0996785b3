package dev.dspj.codec;

import static dev.dspj.TestTypes.ADDRESS;
import static dev.dspj.TestTypes.CUSTOMER;
import static dev.dspj.TestTypes.SENTIMENT;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dspj.TestTypes;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The JSON schemas DSPy puts in prompts: pydantic v2's {@code TypeAdapter(T).json_schema()}
 * with every object's keys sorted and {@code type} first ({@code move_type_to_front}), written by
 * {@code json.dumps}. Each expected string is what pydantic 2.13 gives for the matching Python type.
 */
class SchemasTest {

    private static final String ADDRESS_SCHEMA = "{\"type\": \"object\", \"properties\": {"
            + "\"street\": {\"type\": \"string\", \"title\": \"Street\"}, "
            + "\"zip_code\": {\"type\": \"integer\", \"title\": \"Zip Code\"}}, "
            + "\"required\": [\"street\", \"zip_code\"], \"title\": \"Address\"}";
    private static final String SENTIMENT_SCHEMA =
            "{\"type\": \"string\", \"enum\": [\"POSITIVE\", \"NEGATIVE\", \"NEUTRAL\"], \"title\": \"Sentiment\"}";
    private static final String DECIMAL_ANY_OF =
            "{\"type\": \"number\"}, {\"type\": \"string\", \"pattern\": \"^(?!^[-+.]*$)[+-]?0*\\\\d*\\\\.?\\\\d*$\"}";

    /** A record using every kind of component, like pydantic's Order model in the comments below. */
    record Order(
            List<TestTypes.Address> items,
            BigDecimal total,
            Map<String, Integer> notes,
            Optional<BigDecimal> discount,
            Set<String> tags,
            Optional<TestTypes.Sentiment> mood) {}

    private static final RecordCodec<Order> ORDER = RecordCodec.<Order>builder("Order")
            .component("items", Codecs.list(ADDRESS), Order::items)
            .component("total", Codecs.DECIMAL, Order::total)
            .component("notes", Codecs.map(Codecs.INT), Order::notes)
            .component("discount", Codecs.optional(Codecs.DECIMAL), Order::discount)
            .component("tags", Codecs.set(Codecs.STRING), Order::tags)
            .component("mood", Codecs.optional(SENTIMENT), Order::mood)
            .build(v -> new Order(v.get(0), v.get(1), v.get(2), v.get(3), v.get(4), v.get(5)));

    private static String schema(ValueCodec<?> codec) {
        return PythonJson.dumps(Schemas.of(codec));
    }

    @Test
    void scalars() {
        assertEquals("{\"type\": \"string\"}", schema(Codecs.STRING));
        assertEquals("{\"type\": \"integer\"}", schema(Codecs.INT));
        assertEquals("{\"type\": \"integer\"}", schema(Codecs.LONG));
        assertEquals("{\"type\": \"number\"}", schema(Codecs.DOUBLE));
        assertEquals("{\"type\": \"number\"}", schema(Codecs.FLOAT));
        assertEquals("{\"type\": \"boolean\"}", schema(Codecs.BOOLEAN));
    }

    @Test
    void decimal() {
        // typing: Decimal
        assertEquals("{\"anyOf\": [" + DECIMAL_ANY_OF + "]}", schema(Codecs.DECIMAL));
    }

    @Test
    void collections() {
        // list[str], set[int], dict[str, float], list[list[int]]
        assertEquals("{\"type\": \"array\", \"items\": {\"type\": \"string\"}}", schema(Codecs.list(Codecs.STRING)));
        assertEquals(
                "{\"type\": \"array\", \"items\": {\"type\": \"integer\"}, \"uniqueItems\": true}",
                schema(Codecs.set(Codecs.INT)));
        assertEquals(
                "{\"type\": \"object\", \"additionalProperties\": {\"type\": \"number\"}}",
                schema(Codecs.map(Codecs.DOUBLE)));
        assertEquals(
                "{\"type\": \"array\", \"items\": {\"type\": \"array\", \"items\": {\"type\": \"integer\"}}}",
                schema(Codecs.list(Codecs.list(Codecs.INT))));
    }

    @Test
    void optionals() {
        // Optional[int], Optional[Decimal], list[Optional[str]]
        assertEquals(
                "{\"anyOf\": [{\"type\": \"integer\"}, {\"type\": \"null\"}]}", schema(Codecs.optional(Codecs.INT)));
        assertEquals(
                "{\"anyOf\": [" + DECIMAL_ANY_OF + ", {\"type\": \"null\"}]}", schema(Codecs.optional(Codecs.DECIMAL)));
        assertEquals(
                "{\"type\": \"array\", \"items\": {\"anyOf\": [{\"type\": \"string\"}, {\"type\": \"null\"}]}}",
                schema(Codecs.list(Codecs.optional(Codecs.STRING))));
    }

    @Test
    void enumInlineAtTopLevelAndByReferenceInside() {
        assertEquals(SENTIMENT_SCHEMA, schema(SENTIMENT));
        // list[Sentiment]
        assertEquals(
                "{\"type\": \"array\", \"$defs\": {\"Sentiment\": " + SENTIMENT_SCHEMA + "}, "
                        + "\"items\": {\"$ref\": \"#/$defs/Sentiment\"}}",
                schema(Codecs.list(SENTIMENT)));
    }

    @Test
    void record() {
        assertEquals(ADDRESS_SCHEMA, schema(ADDRESS));
        // dict[str, Address]
        assertEquals(
                "{\"type\": \"object\", \"$defs\": {\"Address\": " + ADDRESS_SCHEMA + "}, "
                        + "\"additionalProperties\": {\"$ref\": \"#/$defs/Address\"}}",
                schema(Codecs.map(ADDRESS)));
    }

    @Test
    void nestedRecordWithEnumAndOptionalComponents() {
        assertEquals(TestTypes.CUSTOMER_SCHEMA, schema(CUSTOMER));
    }

    @Test
    void recordWithEveryKindOfComponent() {
        // class Order(BaseModel): items: list[Address]; total: Decimal; notes: dict[str, int];
        //     discount: Optional[Decimal] = None; tags: set[str]; mood: Optional[Sentiment] = None
        assertEquals(
                "{\"type\": \"object\", \"$defs\": {\"Address\": " + ADDRESS_SCHEMA + ", \"Sentiment\": "
                        + SENTIMENT_SCHEMA + "}, \"properties\": {"
                        + "\"discount\": {\"anyOf\": [" + DECIMAL_ANY_OF
                        + ", {\"type\": \"null\"}], \"default\": null, \"title\": \"Discount\"}, "
                        + "\"items\": {\"type\": \"array\", \"items\": {\"$ref\": \"#/$defs/Address\"}, \"title\": \"Items\"}, "
                        + "\"mood\": {\"anyOf\": [{\"$ref\": \"#/$defs/Sentiment\"}, {\"type\": \"null\"}], \"default\": null}, "
                        + "\"notes\": {\"type\": \"object\", \"additionalProperties\": {\"type\": \"integer\"}, \"title\": \"Notes\"}, "
                        + "\"tags\": {\"type\": \"array\", \"items\": {\"type\": \"string\"}, \"title\": \"Tags\", \"uniqueItems\": true}, "
                        + "\"total\": {\"anyOf\": [" + DECIMAL_ANY_OF + "], \"title\": \"Total\"}}, "
                        + "\"required\": [\"items\", \"total\", \"notes\", \"tags\"], \"title\": \"Order\"}",
                schema(ORDER));
    }

    @Test
    void recordWithOnlyOptionalComponentsHasNoRequiredList() {
        record Note(Optional<String> text) {}
        RecordCodec<Note> codec = RecordCodec.<Note>builder("Note")
                .component("text", Codecs.optional(Codecs.STRING), Note::text)
                .build(v -> new Note(v.get(0)));
        assertEquals(
                "{\"type\": \"object\", \"properties\": {\"text\": {\"anyOf\": [{\"type\": \"string\"}, "
                        + "{\"type\": \"null\"}], \"default\": null, \"title\": \"Text\"}}, \"title\": \"Note\"}",
                schema(codec));
        assertEquals(new Note(Optional.empty()), codec.parseText("{}"));
    }

    @Test
    void sharedNamedTypeIsDefinedOnce() {
        record Trip(TestTypes.Address from, TestTypes.Address to) {}
        RecordCodec<Trip> codec = RecordCodec.<Trip>builder("Trip")
                .component("from", ADDRESS, Trip::from)
                .component("to", ADDRESS, Trip::to)
                .build(v -> new Trip(v.get(0), v.get(1)));
        assertEquals(
                "{\"type\": \"object\", \"$defs\": {\"Address\": " + ADDRESS_SCHEMA + "}, \"properties\": {"
                        + "\"from\": {\"$ref\": \"#/$defs/Address\"}, \"to\": {\"$ref\": \"#/$defs/Address\"}}, "
                        + "\"required\": [\"from\", \"to\"], \"title\": \"Trip\"}",
                schema(codec));
    }

    @Test
    void sortTypeFirstSortsEveryObjectRecursively() throws Exception {
        JsonNode tree = new ObjectMapper()
                .readTree("{\"b\": 1, \"type\": \"x\", \"a\": [{\"z\": 1, \"type\": 2, \"m\": {\"y\": 0, \"x\": 0}}]}");
        assertEquals(
                "{\"type\": \"x\", \"a\": [{\"type\": 2, \"m\": {\"x\": 0, \"y\": 0}, \"z\": 1}], \"b\": 1}",
                PythonJson.dumps(Schemas.sortTypeFirst(tree)));
    }

    @Test
    void titleOfIsPythonTitleWithSpaces() {
        assertEquals("Zip Code", Schemas.titleOf("zip_code"));
        assertEquals("Street", Schemas.titleOf("street"));
        assertEquals("Streetaddress", Schemas.titleOf("streetAddress"));
        assertEquals("Zip2Code", Schemas.titleOf("zip2code"));
        assertEquals("Id", Schemas.titleOf("_id"));
        assertEquals("Url", Schemas.titleOf("URL"));
    }
}
