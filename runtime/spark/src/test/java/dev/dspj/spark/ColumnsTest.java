package dev.dspj.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dspj.codec.Codecs;
import dev.dspj.module.ChainOfThought;
import dev.dspj.module.Predict;
import dev.dspj.signature.FieldDescriptor;
import dev.dspj.signature.SignatureDescriptor;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** Field types to columns and back, the in-flight window and the limits' split, without a Spark session. */
class ColumnsTest {

    private static final SignatureDescriptor TYPED = SignatureDescriptor.builder("Typed")
            .field(FieldDescriptor.input("text", Codecs.STRING, "", null))
            .field(FieldDescriptor.input("count", Codecs.INT, "", null))
            .field(FieldDescriptor.input("weight", Codecs.DOUBLE, "", null))
            .field(FieldDescriptor.input("flag", Codecs.BOOLEAN, "", null))
            .field(FieldDescriptor.input("tags", Codecs.list(Codecs.STRING), "", null))
            .field(FieldDescriptor.input("scores", Codecs.map(Codecs.LONG), "", null))
            .field(FieldDescriptor.output("label", Codecs.STRING, "", null))
            .field(FieldDescriptor.output("n", Codecs.LONG, "", null))
            .field(FieldDescriptor.output("ratio", Codecs.FLOAT, "", null))
            .field(FieldDescriptor.output("ok", Codecs.BOOLEAN, "", null))
            .field(FieldDescriptor.output("ids", Codecs.list(Codecs.LONG), "", null))
            .field(FieldDescriptor.output("ranks", Codecs.list(Codecs.DOUBLE), "", null))
            .field(FieldDescriptor.output("extra", Codecs.map(Codecs.STRING), "", null))
            .build();

    private static final StructType INPUT = new StructType()
            .add("text", DataTypes.StringType)
            .add("count", DataTypes.ShortType)
            .add("weight", DataTypes.IntegerType)
            .add("flag", DataTypes.BooleanType)
            .add("tags", DataTypes.createArrayType(DataTypes.StringType))
            .add("scores", DataTypes.StringType);

    private static DspjSpark typed() {
        return DspjSpark.program(QaProgram.class).signature(TYPED).model("openai/sim-small");
    }

    @Test
    void outputFieldsBecomeColumnsOfTheirTypes() {
        StructType out = typed().errorColumn("failure").outputSchema(INPUT);
        StructType expected = INPUT.add("label", DataTypes.StringType)
                .add("n", DataTypes.LongType)
                .add("ratio", DataTypes.FloatType)
                .add("ok", DataTypes.BooleanType)
                .add("ids", DataTypes.createArrayType(DataTypes.LongType, true))
                .add("ranks", DataTypes.createArrayType(DataTypes.DoubleType, true))
                .add("extra", DataTypes.StringType)
                .add("failure", DataTypes.StringType);
        assertEquals(expected, out);
    }

    @Test
    void incompatibleColumnsAreNamedWithWhatTheFieldNeeds() {
        StructType flagAsText = INPUT.add("x", DataTypes.StringType);
        flagAsText = new StructType(java.util.Arrays.stream(flagAsText.fields())
                .map(f -> f.name().equals("flag")
                        ? new org.apache.spark.sql.types.StructField("flag", DataTypes.StringType, true, f.metadata())
                        : f)
                .toArray(org.apache.spark.sql.types.StructField[]::new));
        StructType finalFlag = flagAsText;
        IllegalArgumentException flag =
                assertThrows(IllegalArgumentException.class, () -> typed().outputSchema(finalFlag));
        assertTrue(
                flag.getMessage()
                        .endsWith("column \"flag\" is string, but the input field flag (bool) needs a boolean column"),
                flag.getMessage());

        StructType tagsAsNumbers = replace(INPUT, "tags", DataTypes.createArrayType(DataTypes.IntegerType));
        IllegalArgumentException tags =
                assertThrows(IllegalArgumentException.class, () -> typed().outputSchema(tagsAsNumbers));
        assertTrue(
                tags.getMessage()
                        .endsWith("needs an array column of string elements, or a string column holding its JSON"),
                tags.getMessage());

        StructType countAsDouble = replace(INPUT, "count", DataTypes.DoubleType);
        IllegalArgumentException count =
                assertThrows(IllegalArgumentException.class, () -> typed().outputSchema(countAsDouble));
        assertTrue(count.getMessage().contains("needs an integral column"), count.getMessage());

        StructType tagsAsJson = replace(INPUT, "tags", DataTypes.StringType);
        assertEquals(INPUT.size() + 8, typed().outputSchema(tagsAsJson).size());
    }

    private static StructType replace(StructType schema, String name, org.apache.spark.sql.types.DataType type) {
        StructType out = new StructType();
        for (org.apache.spark.sql.types.StructField field : schema.fields()) {
            out = out.add(field.name(), field.name().equals(name) ? type : field.dataType());
        }
        return out;
    }

    @Test
    void rowValuesConvertToFieldValuesAndBack() {
        DspjSpark.Plan plan = new DspjSpark.Plan(List.of(), List.of(), List.of());
        assertTrue(plan.bindings().isEmpty());
        List<FieldPlan> inputs = TYPED.inputFields().stream().map(FieldPlan::of).toList();
        Row row = RowFactory.create(
                "hello",
                (short) 3,
                2,
                true,
                scala.jdk.javaapi.CollectionConverters.asScala(List.of("a", "b"))
                        .toSeq(),
                "{\"x\": 4}");
        FieldDescriptor<?> scores = TYPED.field("scores").orElseThrow();
        assertEquals("hello", RowValues.input(row, new Binding(inputs.get(0), 0, false), Optional.empty()));
        assertEquals(3, RowValues.input(row, new Binding(inputs.get(1), 1, false), Optional.empty()));
        assertEquals(2.0, RowValues.input(row, new Binding(inputs.get(2), 2, false), Optional.empty()));
        assertEquals(true, RowValues.input(row, new Binding(inputs.get(3), 3, false), Optional.empty()));
        assertEquals(List.of("a", "b"), RowValues.input(row, new Binding(inputs.get(4), 4, true), Optional.empty()));
        assertEquals(Map.of("x", 4L), RowValues.input(row, new Binding(inputs.get(5), 5, false), Optional.of(scores)));
        assertEquals("{\"x\": 4}", RowValues.input(row, new Binding(inputs.get(5), 5, false), Optional.empty()));
        assertNull(RowValues.input(
                RowFactory.create((Object) null), new Binding(inputs.get(0), 0, false), Optional.empty()));
        assertEquals(List.of("a", "b"), RowValues.label(row, 4));

        List<FieldPlan> outputs =
                TYPED.outputFields().stream().map(FieldPlan::of).toList();
        assertEquals("7", RowValues.output(7, outputs.get(0), Optional.empty()));
        assertEquals(7L, RowValues.output(7, outputs.get(1), Optional.empty()));
        assertEquals(0.5f, RowValues.output(0.5, outputs.get(2), Optional.empty()));
        assertEquals(false, RowValues.output(false, outputs.get(3), Optional.empty()));
        assertEquals(List.of(1L, 2L), RowValues.output(List.of(1, 2), outputs.get(4), Optional.empty()));
        assertEquals(List.of(1.5), RowValues.output(1.5, outputs.get(5), Optional.empty()));
        FieldDescriptor<?> extra = TYPED.field("extra").orElseThrow();
        assertEquals("{\"k\":\"v\"}", RowValues.output(Map.of("k", "v"), outputs.get(6), Optional.of(extra)));
        assertEquals("{\"k\":\"v\"}", RowValues.output(Map.of("k", "v"), outputs.get(6), Optional.empty()));
        assertNull(RowValues.output(null, outputs.get(0), Optional.empty()));

        FieldDescriptor<java.time.DayOfWeek> day = FieldDescriptor.output(
                "day", dev.dspj.codec.Codecs.enumeration("DayOfWeek", java.time.DayOfWeek.values()), "", "DayOfWeek");
        assertEquals(
                "MONDAY",
                RowValues.output(java.time.DayOfWeek.MONDAY, FieldPlan.of(day), Optional.of(day)),
                "an enum is its name, not a JSON string");
    }

    @Test
    void theSignatureIsReadFromPredictorsAndChainsOfThought() {
        assertEquals(
                QaProgram.QA.inputFields(),
                DspjSpark.signatureOf(new Predict(QaProgram.QA)).orElseThrow().inputFields());
        SignatureDescriptor chain =
                DspjSpark.signatureOf(new ChainOfThought(QaProgram.QA)).orElseThrow();
        assertEquals(
                List.of("reasoning", "answer"),
                chain.outputFields().stream().map(FieldDescriptor::name).toList());
        assertTrue(DspjSpark.signatureOf(new QaProgram()).isEmpty());
    }

    @Test
    void theJobsLimitsAreSplitWithoutExceedingThem() {
        assertEquals(0, DspjSpark.share(0, 3));
        assertEquals(2000, DspjSpark.share(6000, 3));
        assertEquals(333, DspjSpark.share(1000, 3));
        assertEquals(1, DspjSpark.share(2, 3));
        assertThrows(IllegalArgumentException.class, () -> typed().executors(0));
        assertThrows(IllegalArgumentException.class, () -> typed().inFlight(0));
        assertThrows(IllegalArgumentException.class, () -> typed().requestsPerMinute(-1));
        assertThrows(IllegalArgumentException.class, () -> typed().tokensPerMinute(-1));
        assertThrows(IllegalArgumentException.class, () -> typed().maxRetries(-1));
        assertThrows(IllegalArgumentException.class, () -> typed().maxConcurrency(-1));
        assertThrows(IllegalArgumentException.class, () -> typed().errorColumn(" "));
        assertThrows(IllegalArgumentException.class, () -> DspjSpark.program(" "));
    }

    @Test
    void aSealedKeyUnmasksToItselfAndPrintsStars() {
        SealedKey key = SealedKey.of(" sk-abc ");
        assertEquals("sk-abc", key.reveal());
        assertEquals("****", key.toString());
        assertEquals(SealedKey.of("sk-abc").fingerprint(), key.fingerprint());
        assertFalse(key.fingerprint().contains("sk-abc"));
        assertFalse(SealedKey.of("other").fingerprint().equals(key.fingerprint()));
    }

    @Test
    void theWindowKeepsItsCallsInFlightAndReturnsEveryInputOnce() throws Exception {
        ScheduledExecutorService timer = Executors.newScheduledThreadPool(2);
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        try {
            Iterator<Integer> inputs = IntStream.range(0, 50).boxed().iterator();
            InFlightIterator<Integer, Integer> window = new InFlightIterator<>(inputs, 5, n -> {
                peak.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                CompletableFuture<Integer> result = new CompletableFuture<>();
                java.util.concurrent.ScheduledFuture<?> unused = timer.schedule(
                        () -> {
                            inFlight.decrementAndGet();
                            result.complete(n * 10);
                        },
                        (n % 3) * 2L,
                        TimeUnit.MILLISECONDS);
                return result;
            });
            List<Integer> out = new ArrayList<>();
            window.forEachRemaining(out::add);
            out.sort(null);
            assertEquals(IntStream.range(0, 50).map(n -> n * 10).boxed().toList(), out);
            assertEquals(5, window.peak());
            assertTrue(peak.get() <= 5);
            assertThrows(java.util.NoSuchElementException.class, window::next);
            assertThrows(IllegalArgumentException.class, () -> new InFlightIterator<>(inputs, 0, n -> null));
        } finally {
            timer.shutdownNow();
        }
    }

    @Test
    void errorsAreDescribedByTheirCause() {
        assertEquals(
                "java.lang.IllegalStateException: boom",
                ApplyPartition.describe(
                        new java.util.concurrent.CompletionException(new IllegalStateException("boom"))));
        assertEquals("java.lang.IllegalStateException", ApplyPartition.describe(new IllegalStateException()));
    }
}
