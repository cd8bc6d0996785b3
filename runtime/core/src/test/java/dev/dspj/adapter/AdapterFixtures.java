package dev.dspj.adapter;

import dev.dspj.codec.Codecs;
import dev.dspj.codec.RecordCodec;
import dev.dspj.codec.ValueCodec;
import dev.dspj.lm.LanguageModel;
import dev.dspj.lm.LmRequest;
import dev.dspj.lm.LmResponse;
import dev.dspj.lm.ModelCapabilities;
import dev.dspj.primitives.Example;
import dev.dspj.signature.FieldDescriptor;
import dev.dspj.signature.SignatureDescriptor;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Types, codecs, signatures and values shared by the JSON, XML, fallback and strict-schema tests,
 * shaped like what the annotation processor generates.
 */
final class AdapterFixtures {

    private AdapterFixtures() {}

    enum Sentiment {
        POSITIVE,
        NEGATIVE,
        NEUTRAL
    }

    enum Color {
        RED,
        GREEN
    }

    record Address(String street, int zipCode) {}

    record Customer(
            String name, Address address, Color favoriteColor, Optional<String> nickname, Optional<Address> billing) {}

    record Tagged(String label, Map<String, Integer> counts) {}

    static final ValueCodec<Sentiment> SENTIMENT = Codecs.enumeration("Sentiment", Sentiment.values());
    static final ValueCodec<Color> COLOR = Codecs.enumeration("Color", Color.values());

    static final RecordCodec<Address> ADDRESS = RecordCodec.<Address>builder("Address")
            .component("street", Codecs.STRING, Address::street)
            .component("zip_code", Codecs.INT, Address::zipCode)
            .build(values -> new Address(values.get(0), values.<Integer>get(1)));

    static final RecordCodec<Customer> CUSTOMER = RecordCodec.<Customer>builder("Customer")
            .component("name", Codecs.STRING, Customer::name)
            .component("address", ADDRESS, Customer::address)
            .component("favorite_color", COLOR, Customer::favoriteColor)
            .component("nickname", Codecs.optional(Codecs.STRING), Customer::nickname)
            .component("billing", Codecs.optional(ADDRESS), Customer::billing)
            .build(values -> new Customer(values.get(0), values.get(1), values.get(2), values.get(3), values.get(4)));

    /** A record holding an open-ended map, which strict schemas cannot express. */
    static final RecordCodec<Tagged> TAGGED = RecordCodec.<Tagged>builder("Tagged")
            .component("label", Codecs.STRING, Tagged::label)
            .component("counts", Codecs.map(Codecs.INT), Tagged::counts)
            .build(values -> new Tagged(values.get(0), values.get(1)));

    static <T> FieldDescriptor<T> in(String name, ValueCodec<T> codec) {
        return FieldDescriptor.input(name, codec, "", null);
    }

    static <T> FieldDescriptor<T> in(String name, ValueCodec<T> codec, String description) {
        return FieldDescriptor.input(name, codec, description, null);
    }

    static <T> FieldDescriptor<T> out(String name, ValueCodec<T> codec) {
        return FieldDescriptor.output(name, codec, "", null);
    }

    static <T> FieldDescriptor<T> out(String name, ValueCodec<T> codec, String description) {
        return FieldDescriptor.output(name, codec, description, null);
    }

    /** str/list inputs; str, int, list, record and enum outputs; two-line instructions. */
    static SignatureDescriptor extract() {
        return SignatureDescriptor.builder("Extract")
                .instructions("Extract the facts.\nBe terse.")
                .field(in("question", Codecs.STRING, "the question"))
                .field(in("context", Codecs.list(Codecs.STRING)))
                .field(out("answer", Codecs.STRING, "a short answer"))
                .field(out("count", Codecs.INT))
                .field(out("tags", Codecs.list(Codecs.STRING)))
                .field(out("address", ADDRESS))
                .field(out("sentiment", SENTIMENT))
                .build();
    }

    /** A complete demo with non-ASCII text, numbers, a list, a record and an enum. */
    static Example completeDemo() {
        return Example.of(
                "question",
                "Où est la Tour Eiffel?",
                "context",
                List.of("Paris"),
                "answer",
                "À Paris",
                "count",
                1,
                "tags",
                List.of("geo", "Zürich"),
                "address",
                new Address("5 Av. Anatole", 75007),
                "sentiment",
                Sentiment.POSITIVE);
    }

    /** A demo with one input and one output only. */
    static Example incompleteDemo() {
        return Example.of("question", "Q2", "answer", "A2");
    }

    static Map<String, Object> extractInputs() {
        Map<String, Object> inputs = new LinkedHashMap<>();
        inputs.put("question", "How many?");
        inputs.put("context", List.of("a", "b"));
        return inputs;
    }

    /** One output field of every supported type, for round trips. */
    static SignatureDescriptor everyType() {
        return SignatureDescriptor.builder("EveryType")
                .field(in("source", Codecs.STRING))
                .field(out("text", Codecs.STRING))
                .field(out("integer", Codecs.INT))
                .field(out("big", Codecs.LONG))
                .field(out("ratio", Codecs.DOUBLE))
                .field(out("tiny", Codecs.DOUBLE))
                .field(out("single", Codecs.FLOAT))
                .field(out("flag", Codecs.BOOLEAN))
                .field(out("price", Codecs.DECIMAL))
                .field(out("mood", SENTIMENT))
                .field(out("items", Codecs.list(Codecs.STRING)))
                .field(out("numbers", Codecs.set(Codecs.INT)))
                .field(out("scores", Codecs.map(Codecs.DOUBLE)))
                .field(out("maybe", Codecs.optional(Codecs.STRING)))
                .field(out("nothing", Codecs.optional(Codecs.INT)))
                .field(out("customer", CUSTOMER))
                .field(out("addresses", Codecs.list(ADDRESS)))
                .build();
    }

    /** Values for {@link #everyType()}, including awkward ones (quotes, non-ASCII, line breaks). */
    static Map<String, Object> everyTypeValues() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("text", "Zürich said \"hi\"\nthen left: {not json} <b>");
        values.put("integer", -42);
        values.put("big", Long.MAX_VALUE);
        values.put("ratio", 0.1);
        values.put("tiny", 1e-7);
        values.put("single", 0.1f);
        values.put("flag", false);
        values.put("price", new BigDecimal("12.50"));
        values.put("mood", Sentiment.NEUTRAL);
        values.put("items", List.of("a", "b, c", "ünï"));
        values.put("numbers", new LinkedHashSet<>(List.of(3, 1, 2)));
        Map<String, Double> scores = new LinkedHashMap<>();
        scores.put("x", 1.5);
        scores.put("y z", -2.0);
        values.put("scores", scores);
        values.put("maybe", Optional.of("present"));
        values.put("nothing", Optional.empty());
        values.put(
                "customer",
                new Customer(
                        "Ada",
                        new Address("1 Main St", 12345),
                        Color.GREEN,
                        Optional.of("Countess"),
                        Optional.empty()));
        values.put("addresses", List.of(new Address("A", 1), new Address("B", 2)));
        return values;
    }

    /** A model that forwards to another but reports other capabilities. */
    static LanguageModel withCapabilities(LanguageModel model, ModelCapabilities capabilities) {
        return new LanguageModel() {
            @Override
            public String modelName() {
                return model.modelName();
            }

            @Override
            public LmResponse complete(LmRequest request) {
                return model.complete(request);
            }

            @Override
            public ModelCapabilities capabilities() {
                return capabilities;
            }
        };
    }
}
