package dev.dspj.streaming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dspj.adapter.JsonAdapter;
import dev.dspj.agent.ReAct;
import dev.dspj.codec.Codecs;
import dev.dspj.lm.cache.ResponseCache;
import dev.dspj.lm.http.HttpLanguageModel;
import dev.dspj.module.ChainOfThought;
import dev.dspj.module.Predict;
import dev.dspj.observe.CallbacksOverHttpTest;
import dev.dspj.primitives.Prediction;
import dev.dspj.signature.FieldDescriptor;
import dev.dspj.signature.SignatureDescriptor;
import dev.dspj.sim.SimTask;
import dev.dspj.sim.SimTasks;
import dev.dspj.sim.SimulatedModelServer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Per-field streaming against the simulated model's server-sent events over loopback HTTP: the
 * pieces of each chosen field, joined, are the final prediction's value; the subscriber's demand
 * paces the stream; cancelling closes the HTTP stream; an agent streams its thoughts with status
 * messages around its tools.
 */
class StreamingOverHttpTest {

    private static final SignatureDescriptor QA = CallbacksOverHttpTest.QA;
    private static final Map<String, Object> QUESTION = Map.of("question", "What is the capital of Valorenia?");

    private static SimulatedModelServer server;
    private static SimulatedModelServer slow;
    private static HttpLanguageModel model;
    private static HttpLanguageModel slowModel;

    @BeforeAll
    static void start() {
        server = SimulatedModelServer.builder()
                .tasks(SimTasks.toolTasks())
                .latencyScale(0)
                .build()
                .start();
        slow = SimulatedModelServer.builder().latencyScale(0.5).build().start();
        model = HttpLanguageModel.builder("sim/sim-small")
                .baseUrl(server.baseUrl())
                .cache(ResponseCache.memory(1_000))
                .build();
        slowModel = HttpLanguageModel.builder("sim/sim-small")
                .baseUrl(slow.baseUrl())
                .cache(ResponseCache.none())
                .build();
    }

    @AfterAll
    static void stop() {
        model.close();
        slowModel.close();
        server.close();
        slow.close();
    }

    private static ChainOfThought chainOfThought(dev.dspj.lm.LanguageModel lm) {
        ChainOfThought cot = new ChainOfThought(QA);
        cot.namedPredictors().get(0).predictor().setModel(lm);
        return cot;
    }

    /** Collects everything, asking for all of it. */
    static final class Collector implements Flow.Subscriber<StreamMessage> {
        final List<StreamMessage> messages = Collections.synchronizedList(new ArrayList<>());
        final CountDownLatch done = new CountDownLatch(1);
        final AtomicReference<Throwable> error = new AtomicReference<>();

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(StreamMessage item) {
            messages.add(item);
        }

        @Override
        public void onError(Throwable throwable) {
            error.set(throwable);
            done.countDown();
        }

        @Override
        public void onComplete() {
            done.countDown();
        }

        List<StreamMessage> await() throws InterruptedException {
            assertTrue(done.await(30, TimeUnit.SECONDS), "the stream ended");
            if (error.get() != null) {
                throw new AssertionError("the stream failed", error.get());
            }
            return messages;
        }
    }

    private static Map<String, String> joined(List<StreamMessage> messages) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (StreamMessage message : messages) {
            if (message instanceof StreamMessage.FieldChunk chunk) {
                fields.merge(chunk.field(), chunk.chunk(), String::concat);
            }
        }
        return fields;
    }

    @Test
    void chainOfThoughtStreamsItsReasoningThenItsAnswerFieldByField() throws Exception {
        Collector collector = new Collector();
        Streaming.of(chainOfThought(slowModel))
                .listen(StreamListener.field("reasoning"), StreamListener.field("answer"))
                .stream(QUESTION)
                .subscribe(collector);
        List<StreamMessage> messages = collector.await();
        Prediction prediction = assertInstanceOf(StreamMessage.Final.class, messages.get(messages.size() - 1))
                .prediction();
        assertEquals(
                Map.of("reasoning", prediction.getString("reasoning"), "answer", prediction.getString("answer")),
                joined(messages));
        long reasoningPieces = messages.stream()
                .filter(m ->
                        m instanceof StreamMessage.FieldChunk c && c.field().equals("reasoning"))
                .count();
        assertTrue(reasoningPieces > 2, "the reasoning came in pieces: " + reasoningPieces);
        int lastReasoning = -1;
        int firstAnswer = -1;
        for (int i = 0; i < messages.size(); i++) {
            if (messages.get(i) instanceof StreamMessage.FieldChunk chunk) {
                assertEquals("predict", chunk.predictor());
                if (chunk.field().equals("reasoning")) {
                    lastReasoning = i;
                } else if (firstAnswer < 0) {
                    firstAnswer = i;
                }
            }
        }
        assertTrue(lastReasoning < firstAnswer, "the reasoning ends before the answer starts");
        assertEquals(1, prediction.lmUsage().total().calls(), "the streamed call's usage is counted");
        assertTrue(prediction.lmUsage().totalTokens() > 0);
    }

    @Test
    void theJsonAdapterStreamsDecodedValues() throws Exception {
        Predict predict = new Predict(QA);
        predict.setModel(slowModel);
        predict.setAdapter(JsonAdapter.INSTANCE);
        List<StreamMessage> messages = new ArrayList<>();
        Prediction prediction =
                Streaming.of(predict).listen(StreamListener.field("answer")).run(QUESTION, messages::add);
        assertEquals(Map.of("answer", prediction.getString("answer")), joined(messages));
        assertFalse(joined(messages).get("answer").contains("\""), "no JSON quotes in the pieces");
    }

    @Test
    void aSubscriberThatAsksForOneGetsOne() throws Exception {
        List<StreamMessage> received = Collections.synchronizedList(new ArrayList<>());
        AtomicReference<Flow.Subscription> held = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        Streaming.of(chainOfThought(model)).listen(StreamListener.field("reasoning")).stream(
                        Map.of("question", "Who founded Talson Works?"))
                .subscribe(new Flow.Subscriber<StreamMessage>() {
                    @Override
                    public void onSubscribe(Flow.Subscription subscription) {
                        held.set(subscription);
                        subscription.request(1);
                    }

                    @Override
                    public void onNext(StreamMessage item) {
                        received.add(item);
                    }

                    @Override
                    public void onError(Throwable throwable) {
                        done.countDown();
                    }

                    @Override
                    public void onComplete() {
                        done.countDown();
                    }
                });
        Thread.sleep(500);
        assertEquals(1, received.size(), "only what was asked for");
        assertFalse(done.await(10, TimeUnit.MILLISECONDS), "the run waits for the subscriber");
        held.get().request(Long.MAX_VALUE);
        assertTrue(done.await(30, TimeUnit.SECONDS));
        assertInstanceOf(StreamMessage.Final.class, received.get(received.size() - 1));
    }

    @Test
    void cancellingTheSubscriptionClosesTheModelsHttpStream() throws Exception {
        long abandonedBefore = slow.streamsAbandoned();
        AtomicBoolean ended = new AtomicBoolean();
        CountDownLatch first = new CountDownLatch(1);
        Streaming.of(chainOfThought(slowModel)).listen(StreamListener.field("reasoning")).stream(
                        Map.of("question", "Which company did the founder of Talson Works start first?"))
                .subscribe(new Flow.Subscriber<StreamMessage>() {
                    private Flow.Subscription subscription;

                    @Override
                    public void onSubscribe(Flow.Subscription value) {
                        subscription = value;
                        value.request(1);
                    }

                    @Override
                    public void onNext(StreamMessage item) {
                        subscription.cancel();
                        first.countDown();
                    }

                    @Override
                    public void onError(Throwable throwable) {
                        ended.set(true);
                    }

                    @Override
                    public void onComplete() {
                        ended.set(true);
                    }
                });
        assertTrue(first.await(30, TimeUnit.SECONDS));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (slow.streamsAbandoned() == abandonedBefore && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(abandonedBefore + 1, slow.streamsAbandoned(), "the server saw the client go");
        assertFalse(ended.get(), "a cancelled stream signals nothing more");
    }

    @Test
    void anAgentStreamsEachThoughtWithStatusMessagesAroundItsTools() throws Exception {
        SimTask task = SimTasks.toolArithmetic();
        SignatureDescriptor toolQa = SignatureDescriptor.builder("ToolQa")
                .instructions("Answer the question.")
                .field(FieldDescriptor.input("question", Codecs.STRING, "", "java.lang.String"))
                .field(FieldDescriptor.output("answer", Codecs.STRING, "", "java.lang.String"))
                .build();
        ReAct agent = ReAct.builder(toolQa, task.tools()).maxIters(5).build().withModel(model);
        List<StreamMessage> messages = new ArrayList<>();
        Prediction prediction = Streaming.of(agent)
                .listen(StreamListener.field("next_thought").allowReuse())
                .run(task.toExamples().get(0).inputs(), messages::add);
        long thoughts = messages.stream()
                .filter(m -> m instanceof StreamMessage.FieldChunk c && c.last())
                .count();
        long toolCalls = messages.stream()
                .filter(m -> m instanceof StreamMessage.Status s && s.message().startsWith("Calling tool "))
                .count();
        long toolEnds = messages.stream()
                .filter(m -> m instanceof StreamMessage.Status s && s.message().startsWith("Tool calling finished!"))
                .count();
        assertTrue(thoughts >= 2, "a thought per step: " + messages);
        assertTrue(toolCalls >= 1, "a status per tool call: " + messages);
        assertEquals(toolCalls, toolEnds);
        assertEquals(thoughts, toolCalls + 1, "every step but the last called a tool; finish sends no status");
        assertEquals(prediction, ((StreamMessage.Final) messages.get(messages.size() - 1)).prediction());
    }

    @Test
    void listenersAreCheckedAgainstTheProgramWhenTheStreamIsBuilt() {
        ChainOfThought cot = chainOfThought(model);
        IllegalArgumentException unknown = assertThrows(
                IllegalArgumentException.class, () -> Streaming.of(cot).listen(StreamListener.field("summary")));
        assertTrue(unknown.getMessage().contains("no predictor has an output field 'summary'"), unknown.getMessage());
        assertTrue(unknown.getMessage().contains("predict: [reasoning, answer]"), unknown.getMessage());
        IllegalArgumentException noSuchPredictor = assertThrows(
                IllegalArgumentException.class,
                () -> Streaming.of(new CallbacksOverHttpTest.TwoSteps(model))
                        .listen(StreamListener.field("answer").predictor("final")));
        assertTrue(noSuchPredictor.getMessage().contains("[draft, answer.predict]"), noSuchPredictor.getMessage());
        IllegalArgumentException ambiguous = assertThrows(
                IllegalArgumentException.class,
                () -> Streaming.of(new CallbacksOverHttpTest.TwoSteps(model)).listen(StreamListener.field("answer")));
        assertTrue(ambiguous.getMessage().contains("StreamListener.predictor(path)"), ambiguous.getMessage());
        Streaming.of(new CallbacksOverHttpTest.TwoSteps(model))
                .listen(StreamListener.field("answer").predictor("answer.predict"));
    }
}
