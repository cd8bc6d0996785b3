package dev.dspj.agent;

import static dev.dspj.testing.ScriptedModel.chatAnswer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dspj.codec.Codecs;
import dev.dspj.lm.LmRequest;
import dev.dspj.lm.RejectedRequestException;
import dev.dspj.module.CallOptions;
import dev.dspj.module.NamedPredictor;
import dev.dspj.module.Trace;
import dev.dspj.primitives.Prediction;
import dev.dspj.signature.FieldDescriptor;
import dev.dspj.signature.SignatureDescriptor;
import dev.dspj.testing.ScriptedModel;
import dev.dspj.tool.Tool;
import dev.dspj.tool.ToolArgument;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** ReAct's loop, prompts and failure handling against a scripted model. */
class ReActTest {

    private static final SignatureDescriptor QA = SignatureDescriptor.builder("QA")
            .instructions("Answer the question.")
            .field(FieldDescriptor.input("question", Codecs.STRING, "", "java.lang.String"))
            .field(FieldDescriptor.output("answer", Codecs.STRING, "", "java.lang.String"))
            .build();

    private static final com.fasterxml.jackson.databind.JsonNode NO_ARGS =
            com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();

    private static final ToolArgument<Integer> A = ToolArgument.of("a", Codecs.INT, null);
    private static final ToolArgument<Integer> B = ToolArgument.of("b", Codecs.INT, null);

    private static final Tool MULTIPLY = Tool.builder("multiply")
            .description("Multiplies two whole numbers.")
            .arguments(A, B)
            .function(Codecs.LONG, args -> (long) args.get(A) * args.get(B));

    /** A model that plays the given react steps in order, then answers the extraction. */
    private static ScriptedModel playing(String answer, String... steps) {
        Deque<String> queue = new ArrayDeque<>(List.of(steps));
        return ScriptedModel.answering(request -> {
            if (isStep(request)) {
                String next = queue.poll();
                return next != null ? next : step("keep going", "multiply", "{\"a\": 1, \"b\": 1}");
            }
            return chatAnswer("reasoning", "From the trajectory.", "answer", answer);
        });
    }

    private static boolean isStep(LmRequest request) {
        return request.messages().get(0).content().contains("next_tool_name");
    }

    private static String step(String thought, String tool, String args) {
        return chatAnswer("next_thought", thought, "next_tool_name", tool, "next_tool_args", args);
    }

    private static String lastUser(LmRequest request) {
        return request.messages().get(request.messages().size() - 1).content();
    }

    @Test
    void thinksCallsAToolFinishesAndExtracts() {
        ScriptedModel model = playing(
                "391",
                step("I should multiply.", "multiply", "{\"a\": 17, \"b\": 23}"),
                step("I have it.", "finish", "{}"));
        ReAct agent = new ReAct(QA, List.of(MULTIPLY));
        Prediction prediction = agent.forward(Map.of("question", "What is 17 * 23?"), CallOptions.model(model));

        assertEquals("391", prediction.getString("answer"));
        assertEquals("From the trajectory.", prediction.getString("reasoning"));
        Trajectory trajectory = (Trajectory) prediction.values().get("trajectory");
        assertEquals(
                List.of(
                        "thought_0",
                        "tool_name_0",
                        "tool_args_0",
                        "observation_0",
                        "thought_1",
                        "tool_name_1",
                        "tool_args_1",
                        "observation_1"),
                List.copyOf(trajectory.asMap().keySet()));
        assertEquals("391", trajectory.asMap().get("observation_0"));
        assertEquals("{\"a\": 17, \"b\": 23}", trajectory.asMap().get("tool_args_0"));
        assertEquals("Completed.", trajectory.asMap().get("observation_1"));
        assertEquals(3, model.requests().size(), "two steps and the extraction");
        // the second step sees the first step's observation, in DSPy's block format
        assertTrue(
                lastUser(model.requests().get(1))
                        .contains("[[ ## trajectory ## ]]\n[[ ## thought_0 ## ]]\n"
                                + "I should multiply.\n\n[[ ## tool_name_0 ## ]]\nmultiply\n\n[[ ## tool_args_0 ## ]]\n"
                                + "{\"a\": 17, \"b\": 23}\n\n[[ ## observation_0 ## ]]\n391"),
                lastUser(model.requests().get(1)));
        // the extraction reasons over the inputs and the trajectory
        assertTrue(lastUser(model.requests().get(2)).contains("[[ ## observation_1 ## ]]\nCompleted."));
    }

    @Test
    void theStepSignatureIsDspysWithTheToolsListedAndFinishLast() {
        ReAct agent = new ReAct(QA, List.of(MULTIPLY));
        SignatureDescriptor step = agent.react().signature();
        assertEquals(
                List.of("question", "trajectory", "next_thought", "next_tool_name", "next_tool_args"),
                step.fields().stream().map(FieldDescriptor::name).toList());
        assertEquals(
                "Answer the question.\n\n"
                        + "You are an Agent. In each episode, you will be given the fields `question` as input. And you "
                        + "can see your past trajectory so far.\n"
                        + "Your goal is to use one or more of the supplied tools to collect any necessary information "
                        + "for producing `answer`.\n\n"
                        + "To do this, you will interleave next_thought, next_tool_name, and next_tool_args in each turn, "
                        + "and also when finishing the task.\n"
                        + "After each tool call, you receive a resulting observation, which gets appended to your "
                        + "trajectory.\n\n"
                        + "When writing next_thought, you may reason about the current situation and plan for future "
                        + "steps.\n"
                        + "When selecting the next_tool_name and its next_tool_args, the tool must be one of:\n\n"
                        + "(1) multiply, whose description is <desc>Multiplies two whole numbers.</desc>. It takes "
                        + "arguments {'a': {'type': 'integer'}, 'b': {'type': 'integer'}}.\n"
                        + "(2) finish, whose description is <desc>Marks the task as complete. That is, signals that all "
                        + "information for producing the outputs, i.e. `answer`, are now available to be extracted."
                        + "</desc>. It takes arguments {}.\n"
                        + "When providing `next_tool_args`, the value inside the field must be in JSON format",
                step.instructions());
        String system = agent.react()
                .formatPrompt(Map.of("question", "q", "trajectory", ""))
                .get(0)
                .content();
        assertTrue(system.contains("must exactly match (no extra characters) one of: multiply; finish"), system);
        assertTrue(
                system.contains(
                        "must adhere to the JSON schema: {\"type\": \"object\", \"additionalProperties\": true}"),
                system);
        assertEquals(
                List.of("question", "trajectory", "reasoning", "answer"),
                agent.extract().predict().signature().fields().stream()
                        .map(FieldDescriptor::name)
                        .toList());
        assertEquals(
                List.of("react", "extract.predict"),
                agent.namedPredictors().stream().map(NamedPredictor::name).toList());
    }

    @Test
    void whatTheModelOrAToolGetsWrongIsAnObservationNeverACrash() {
        CountDownLatch never = new CountDownLatch(1);
        Tool failing = Tool.builder("failing").description("Always fails.").function(Codecs.STRING, args -> {
            throw new IllegalStateException("the service is down");
        });
        Tool hanging = Tool.builder("hanging")
                .description("Never answers.")
                .timeout(Duration.ofMillis(200))
                .function(Codecs.STRING, args -> {
                    never.await(30, TimeUnit.SECONDS);
                    return "late";
                });
        Tool nothing = Tool.builder("nothing").description("Returns null.").function(Codecs.STRING, args -> null);
        Tool huge = Tool.builder("huge").description("Returns a lot.").function(Codecs.STRING, args -> "x".repeat(500));
        ScriptedModel model = playing(
                "unknown",
                step("a", "no_such_tool", "{}"),
                step("b", "multiply", "{\"a\": \"seven\", \"b\": 2}"),
                step("c", "multiply", "this is not JSON"),
                step("d", "multiply", "{\"a\": 1, \"b\": 2, \"c\": 3}"),
                step("e", "failing", "{}"),
                step("f", "hanging", "{}"),
                step("g", "nothing", "{}"),
                step("h", "huge", "{}"),
                step("i", "finish", "{}"));
        ReAct agent = ReAct.builder(QA, List.of(MULTIPLY, failing, hanging, nothing, huge))
                .maxObservationChars(100)
                .build();
        Prediction prediction = agent.forward(Map.of("question", "q"), CallOptions.model(model));
        never.countDown();
        List<ReActStep> steps = ((Trajectory) prediction.values().get("trajectory")).steps();
        assertEquals(9, steps.size());
        assertEquals(
                "Execution error in no_such_tool: \nTool 'no_such_tool' is not one of the available tools: multiply, "
                        + "failing, hanging, nothing, huge, finish.",
                steps.get(0).observation());
        assertTrue(
                steps.get(1).observation().startsWith("Execution error in multiply: \nArg a is invalid:"),
                steps.get(1).observation());
        assertTrue(
                steps.get(2).observation().contains("must be a JSON object, got: \"this is not JSON\""),
                steps.get(2).observation());
        assertEquals(
                "Execution error in multiply: \nArg c is not in the tool's args.",
                steps.get(3).observation());
        assertEquals(
                "Execution error in failing: \nIllegalStateException: the service is down",
                steps.get(4).observation());
        assertEquals(
                "Execution error in hanging: \nTimed out after 200 ms.",
                steps.get(5).observation());
        assertEquals("None", steps.get(6).observation());
        assertFalse(steps.get(6).failed());
        assertTrue(
                steps.get(7).observation().startsWith("x".repeat(100) + "\n[... 400 more characters cut]"),
                steps.get(7).observation());
        for (int i = 0; i < 6; i++) {
            assertTrue(steps.get(i).failed(), "step " + i);
        }
        assertEquals("unknown", prediction.getString("answer"));
    }

    @Test
    void aToolThatMayBlockRunsOnAToolThreadAndOneThatCannotOnTheAgentsThread() {
        Tool here = Tool.builder("here")
                .description("Names its thread.")
                .blocking(false)
                .function(Codecs.STRING, args -> Thread.currentThread().getName());
        Tool away = Tool.builder("away")
                .description("Names its thread.")
                .function(Codecs.STRING, args -> Thread.currentThread().getName());
        Tool later = Tool.builder("later")
                .description("Names the thread that starts it.")
                .asyncFunction(
                        Codecs.STRING,
                        args -> CompletableFuture.completedFuture(
                                Thread.currentThread().getName()));
        assertFalse(here.blocking());
        assertTrue(away.blocking());
        assertFalse(later.blocking());
        assertFalse(here.withDescription("Still names its thread.")
                .withTimeout(Duration.ofSeconds(1))
                .blocking());
        ScriptedModel model = playing(
                "done",
                step("a", "here", "{}"),
                step("b", "away", "{}"),
                step("c", "later", "{}"),
                step("d", "finish", "{}"));
        Prediction prediction =
                new ReAct(QA, List.of(here, away, later)).forward(Map.of("question", "q"), CallOptions.model(model));
        Map<String, String> entries = ((Trajectory) prediction.values().get("trajectory")).asMap();
        String caller = Thread.currentThread().getName();
        assertEquals(caller, entries.get("observation_0"));
        assertTrue(entries.get("observation_1").startsWith("dspj-tool-"), entries.get("observation_1"));
        assertEquals(caller, entries.get("observation_2"));
        assertEquals("Completed.", entries.get("observation_3"));
    }

    @Test
    void anAsynchronousToolIsAwaitedWithinItsTimeout() {
        Tool never = Tool.builder("never")
                .description("Never completes.")
                .timeout(Duration.ofMillis(100))
                .asyncFunction(Codecs.STRING, args -> new CompletableFuture<String>());
        Tool failing = Tool.builder("failing")
                .description("Fails later.")
                .asyncFunction(
                        Codecs.STRING,
                        args -> CompletableFuture.<String>failedFuture(new IllegalStateException("down")));
        ScriptedModel model =
                playing("none", step("a", "never", "{}"), step("b", "failing", "{}"), step("c", "finish", "{}"));
        Prediction prediction =
                new ReAct(QA, List.of(never, failing)).forward(Map.of("question", "q"), CallOptions.model(model));
        List<ReActStep> steps = ((Trajectory) prediction.values().get("trajectory")).steps();
        assertEquals(
                "Execution error in never: \nTimed out after 100 ms.",
                steps.get(0).observation());
        assertEquals(
                "Execution error in failing: \nIllegalStateException: down",
                steps.get(1).observation());
        assertTrue(steps.get(0).failed() && steps.get(1).failed());
        assertEquals("none", prediction.getString("answer"));
    }

    @Test
    void theTrajectoryTextFollowsEveryStepAndADroppedOne() {
        Trajectory trajectory = new Trajectory();
        assertEquals("", trajectory.toString());
        trajectory.add(0, new ReActStep("t0", "multiply", NO_ARGS, "o0", false), "{\"a\": 1}");
        assertEquals(
                "[[ ## thought_0 ## ]]\nt0\n\n[[ ## tool_name_0 ## ]]\nmultiply\n\n[[ ## tool_args_0 ## ]]\n"
                        + "{\"a\": 1}\n\n[[ ## observation_0 ## ]]\no0",
                trajectory.toString());
        trajectory.add(1, new ReActStep("t1", "finish", NO_ARGS, "Completed.", false), "{}");
        String both = trajectory.toString();
        assertTrue(
                both.endsWith("o0\n\n[[ ## thought_1 ## ]]\nt1\n\n[[ ## tool_name_1 ## ]]\nfinish\n\n"
                        + "[[ ## tool_args_1 ## ]]\n{}\n\n[[ ## observation_1 ## ]]\nCompleted."),
                both);
        assertTrue(trajectory.dropOldestStep());
        assertEquals(
                "[[ ## thought_1 ## ]]\nt1\n\n[[ ## tool_name_1 ## ]]\nfinish\n\n[[ ## tool_args_1 ## ]]\n{}\n\n"
                        + "[[ ## observation_1 ## ]]\nCompleted.",
                trajectory.toString());
        trajectory.add(2, new ReActStep("t2", "finish", NO_ARGS, "Completed.", false), "{}");
        assertTrue(trajectory.toString().startsWith("[[ ## thought_1 ## ]]"), trajectory.toString());
        assertTrue(trajectory.toString().endsWith("[[ ## observation_2 ## ]]\nCompleted."), trajectory.toString());
        assertEquals(3, trajectory.steps().size());
    }

    @Test
    void aModelThatNeverFinishesStopsAfterMaxItersAndStillAnswers() {
        ScriptedModel model = playing("1");
        ReAct agent = ReAct.builder(QA, List.of(MULTIPLY)).maxIters(3).build();
        Prediction prediction = agent.forward(Map.of("question", "q"), CallOptions.model(model));
        assertEquals(
                3, ((Trajectory) prediction.values().get("trajectory")).steps().size());
        assertEquals(4, model.requests().size());
        assertEquals("1", prediction.getString("answer"));
    }

    @Test
    void anUnreadableAnswerEndsTheLoopAndTheOutputsAreStillExtracted() {
        ScriptedModel model =
                playing("2", step("first", "multiply", "{\"a\": 1, \"b\": 2}"), "I refuse to use the format.");
        ReAct agent = new ReAct(QA, List.of(MULTIPLY));
        Prediction prediction = agent.forward(Map.of("question", "q"), CallOptions.model(model));
        assertEquals(
                1, ((Trajectory) prediction.values().get("trajectory")).steps().size());
        assertEquals("2", prediction.getString("answer"));
    }

    @Test
    void aTrajectoryTooLongForTheContextWindowLosesItsOldestStepsFirst() {
        Deque<String> queue = new ArrayDeque<>(List.of(
                step("one", "multiply", "{\"a\": 1, \"b\": 1}"),
                step("two", "multiply", "{\"a\": 2, \"b\": 2}"),
                step("three", "finish", "{}")));
        ScriptedModel model = ScriptedModel.answering(request -> {
            String user = lastUser(request);
            if (user.contains("thought_0") && user.contains("thought_1")) {
                throw new RejectedRequestException.ContextWindowExceeded(
                        "maximum context length exceeded", 400, "context_length_exceeded", "scripted");
            }
            if (isStep(request)) {
                return queue.poll();
            }
            return chatAnswer("reasoning", "r", "answer", "4");
        });
        ReAct agent = new ReAct(QA, List.of(MULTIPLY));
        Prediction prediction = agent.forward(Map.of("question", "q"), CallOptions.model(model));
        Trajectory trajectory = (Trajectory) prediction.values().get("trajectory");
        assertEquals(3, trajectory.steps().size(), "every step is kept in steps()");
        assertFalse(trajectory.asMap().containsKey("thought_0"), "the oldest step left the prompt");
        assertTrue(trajectory.asMap().containsKey("thought_2"));
        assertEquals("4", prediction.getString("answer"));
    }

    @Test
    void theAsyncRunMatchesTheSyncOneAndRecordsEveryCallInTheCallersTrace() throws Exception {
        ToolArgument<String> city = ToolArgument.of("city", Codecs.STRING, "the city");
        Tool weather = Tool.builder("weather")
                .description("Today's weather.")
                .arguments(city)
                .asyncFunction(
                        Codecs.STRING, args -> CompletableFuture.supplyAsync(() -> "sunny in " + args.get(city)));
        String[] steps = {step("look it up", "weather", "{\"city\": \"Oslo\"}"), step("done", "finish", "{}")};
        ReAct agent = new ReAct(QA, List.of(weather));
        Prediction sync = agent.forward(Map.of("question", "q"), CallOptions.model(playing("sunny", steps)));
        Prediction async;
        List<String> traced;
        try (Trace trace = Trace.start()) {
            async = agent.forwardAsync(Map.of("question", "q"), CallOptions.model(playing("sunny", steps)))
                    .get(10, TimeUnit.SECONDS);
            traced = trace.entries().stream()
                    .map(entry -> entry.predictor() == agent.react() ? "react" : "extract")
                    .toList();
        }
        assertEquals(sync.getString("answer"), async.getString("answer"));
        assertEquals(
                ((Trajectory) sync.values().get("trajectory")).asMap(),
                ((Trajectory) async.values().get("trajectory")).asMap());
        assertEquals(
                "sunny in Oslo",
                ((Trajectory) async.values().get("trajectory")).asMap().get("observation_0"));
        assertEquals(List.of("react", "react", "extract"), traced);
    }

    @Test
    void aCopyIsIndependentAndKeepsTheTools() {
        ReAct agent = new ReAct(QA, List.of(MULTIPLY));
        ReAct copy = agent.deepCopy();
        copy.react().setInstructions("changed");
        assertFalse(agent.react().instructions().equals("changed"));
        assertEquals(
                List.of("multiply", "finish"),
                copy.tools().stream().map(Tool::name).toList());
    }
}
