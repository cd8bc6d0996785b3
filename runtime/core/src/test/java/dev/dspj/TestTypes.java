package dev.dspj;

import dev.dspj.codec.Codecs;
import dev.dspj.codec.RecordCodec;
import dev.dspj.codec.ValueCodec;
import dev.dspj.signature.FieldDescriptor;
import java.util.Optional;

/**
 * Types shared by the tests: enums and records with hand-written codecs, shaped like the ones the
 * annotation processor generates, and helpers to build fields.
 */
public final class TestTypes {

    private TestTypes() {}

    /** An enum output. */
    public enum Sentiment {
        POSITIVE,
        NEGATIVE,
        NEUTRAL
    }

    /** An enum used inside a record. */
    public enum Color {
        RED,
        GREEN
    }

    /** A flat record, with a snake_case component. */
    public record Address(String street, int zipCode) {}

    /** A record that nests a record and an enum, and has optional components. */
    public record Customer(
            String name, Address address, Color favoriteColor, Optional<String> nickname, Optional<Address> billing) {}

    public static final ValueCodec<Sentiment> SENTIMENT = Codecs.enumeration("Sentiment", Sentiment.values());

    public static final ValueCodec<Color> COLOR = Codecs.enumeration("Color", Color.values());

    public static final RecordCodec<Address> ADDRESS = RecordCodec.<Address>builder("Address")
            .component("street", Codecs.STRING, Address::street)
            .component("zip_code", Codecs.INT, Address::zipCode)
            .build(values -> new Address(values.get(0), values.<Integer>get(1)));

    public static final RecordCodec<Customer> CUSTOMER = RecordCodec.<Customer>builder("Customer")
            .component("name", Codecs.STRING, Customer::name)
            .component("address", ADDRESS, Customer::address)
            .component("favorite_color", COLOR, Customer::favoriteColor)
            .component("nickname", Codecs.optional(Codecs.STRING), Customer::nickname)
            .component("billing", Codecs.optional(ADDRESS), Customer::billing)
            .build(values -> new Customer(values.get(0), values.get(1), values.get(2), values.get(3), values.get(4)));

    /** The pydantic v2 schema of {@code Customer}, keys sorted with type first, as DSPy shows it. */
    public static final String CUSTOMER_SCHEMA = "{\"type\": \"object\", \"$defs\": {"
            + "\"Address\": {\"type\": \"object\", \"properties\": {\"street\": {\"type\": \"string\", \"title\": \"Street\"}, "
            + "\"zip_code\": {\"type\": \"integer\", \"title\": \"Zip Code\"}}, \"required\": [\"street\", \"zip_code\"], "
            + "\"title\": \"Address\"}, "
            + "\"Color\": {\"type\": \"string\", \"enum\": [\"RED\", \"GREEN\"], \"title\": \"Color\"}}, "
            + "\"properties\": {\"address\": {\"$ref\": \"#/$defs/Address\"}, "
            + "\"billing\": {\"anyOf\": [{\"$ref\": \"#/$defs/Address\"}, {\"type\": \"null\"}], \"default\": null}, "
            + "\"favorite_color\": {\"$ref\": \"#/$defs/Color\"}, "
            + "\"name\": {\"type\": \"string\", \"title\": \"Name\"}, "
            + "\"nickname\": {\"anyOf\": [{\"type\": \"string\"}, {\"type\": \"null\"}], \"default\": null, \"title\": \"Nickname\"}}, "
            + "\"required\": [\"name\", \"address\", \"favorite_color\"], \"title\": \"Customer\"}";

    /** Ada, with a nickname and no billing address. */
    public static Customer ada() {
        return new Customer(
                "Ada", new Address("1 Main St", 12345), Color.RED, Optional.of("Countess"), Optional.empty());
    }

    public static <T> FieldDescriptor<T> in(String name, ValueCodec<T> codec) {
        return FieldDescriptor.input(name, codec, "", null);
    }

    public static <T> FieldDescriptor<T> in(String name, ValueCodec<T> codec, String description) {
        return FieldDescriptor.input(name, codec, description, null);
    }

    public static <T> FieldDescriptor<T> out(String name, ValueCodec<T> codec) {
        return FieldDescriptor.output(name, codec, "", null);
    }

    public static <T> FieldDescriptor<T> out(String name, ValueCodec<T> codec, String description) {
        return FieldDescriptor.output(name, codec, description, null);
    }
}
