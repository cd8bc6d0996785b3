package dev.dspj.sim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dspj.codec.PythonJson;
import dev.dspj.lm.ChatMessage;
import dev.dspj.lm.Role;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * How the simulated model plays an optimizer's prompt model: it answers the instruction-proposal
 * signatures of {@link dev.dspj.propose.ProposerSignatures} (and SIMBA's
 * {@link dev.dspj.module.Refine#OFFER_FEEDBACK}) in any adapter's format, and whether its proposals
 * carry a task's hint phrases depends on the evidence the prompt gives.
 *
 * <h2>Which requests</h2>
 * A request is a proposal when one of its output fields is instruction-like
 * ({@link #INSTRUCTION_FIELDS}: {@code proposed_instruction}, {@code new_instruction}, GEPA's
 * {@code new_description} of a tool,
 * {@code proposed_prefix_for_output_field}, {@code module_advice}) or descriptive
 * ({@link #DESCRIPTIVE_FIELDS}: {@code observations}, {@code program_description},
 * {@code module_description}, {@code discussion}). Refine's {@code advice} output is read as
 * {@code module_advice} in such a request.
 *
 * <h2>Which task</h2>
 * The model scores every task it knows on the prompt's user and assistant messages: 10 points per
 * task example whose input values are quoted anywhere, 3 per hint phrase of the task present, 2
 * per word that names what a built-in task is about (factoid QA: capital, birthplace, born,
 * factoid; sentiment: review, sentiment, positive, negative; arithmetic: sums, differences,
 * products, arithmetic, integer; multi-hop QA: passages, search query, retrieved, multi-hop,
 * headquartered), 1 per input or output field name of the task mentioned as a word
 * (as a current instruction "Given the fields `question`, produce the fields `answer`." does).
 * The best-scoring task is the
 * one the prompt is about; when several tie, each completion picks one of them at random (factoid
 * QA and arithmetic share their field names); when every score is 0 no task is recognised and the
 * proposal carries no hint.
 *
 * <h2>Evidence and probabilities</h2>
 * For each hint phrase of the task, the strongest evidence in the prompt (user and assistant
 * messages, not the proposer's own instructions) decides the probability that one completion
 * carries it:
 *
 * <table>
 *   <caption>Probability that a completion carries a hint phrase</caption>
 *   <tr><th>{@link Evidence}</th><th>when</th><th>base</th><th>sim-small</th><th>sim-medium</th>
 *       <th>sim-large</th></tr>
 *   <tr><td>{@code HINT_IN_PROMPT}</td><td>the phrase itself appears (a data summary, feedback,
 *       an earlier attempt, program code)</td><td>0.95</td><td>0.591</td><td>0.777</td><td>0.878</td></tr>
 *   <tr><td>{@code FAILURE_FEEDBACK}</td><td>the prompt reports a failure ("incorrect", "wrong",
 *       "expected", "mistake", "failed", "should have", "worse" as words, or a score or reward of 0
 *       such as SIMBA's {@code worse_reward_value}) outside the quoted task inputs</td><td>0.50</td><td>0.311</td><td>0.409</td><td>0.462</td></tr>
 *   <tr><td>{@code GOLD_EXAMPLES}</td><td>a task example is quoted with its gold answer (within
 *       400 characters after its inputs)</td><td>0.20</td><td>0.124</td><td>0.164</td><td>0.185</td></tr>
 *   <tr><td>{@code NONE}</td><td>none of the above</td><td>0.05</td><td>0.031</td><td>0.041</td>
 *       <td>0.046</td></tr>
 * </table>
 *
 * The base probability is scaled by the proposer's competence factor
 * {@code 1 / (1 + exp(-(baseLogit + 1)))} (sim-small 0.622, sim-medium 0.818, sim-large 0.924):
 * {@link #hintProbability(SimModelProfile, Evidence)}. Each hint is drawn independently, from a
 * SHA-256 of (seed, model, prompt, rollout id, request seed, temperature, choice index, hint), so
 * the {@code n} completions of one call, rollouts and temperatures differ while the same prompt
 * with the same settings and seed always gives the same answer. The same draws decide every field
 * of one completion, so a discussion and its advice agree.
 *
 * <h2>What the answers say</h2>
 * <ul>
 *   <li>{@code proposed_instruction}, {@code new_instruction}, {@code new_description}: the basic
 *       or current instruction (the {@code basic_instruction}, {@code current_instruction} or
 *       {@code current_description} input; for COPRO's
 *       {@code attempted_instructions} the last {@code Instruction #k:} line, the best-scored;
 *       otherwise DSPy's default instruction for the task's fields) kept verbatim, then one
 *       sentence per drawn hint not already in it, then one closing sentence picked at random from
 *       a fixed list that holds no hint phrase (it replaces an earlier closing sentence, so
 *       instructions do not grow without bound).
 *   <li>{@code proposed_prefix_for_output_field}: the task's first output field as a prefix,
 *       {@code Answer:} or {@code Sentiment:} ({@code Answer:} for an unknown task).
 *   <li>{@code module_advice}: a JSON object from each name of the {@code module_names} input (a
 *       JSON list, DSPy's numbered list, or comma- or line-separated; {@code program} when absent)
 *       to advice holding the drawn hints' sentences.
 *   <li>{@code observations}, {@code program_description}, {@code module_description},
 *       {@code discussion}: a description of the task that mentions each drawn hint phrase, so a
 *       data summary can carry a hint into the instruction step (MIPROv2's path).
 * </ul>
 */
public final class SimProposer {

    /** Output fields whose answer is an instruction, a prefix or advice. */
    public static final List<String> INSTRUCTION_FIELDS = List.of(
            "proposed_instruction",
            "new_instruction",
            "new_description",
            "proposed_prefix_for_output_field",
            "module_advice");
    /** Output fields whose answer describes the data, the program, a module or a failure. */
    public static final List<String> DESCRIPTIVE_FIELDS =
            List.of("observations", "program_description", "module_description", "discussion");

    /** The strongest evidence a prompt gives for one hint phrase, strongest first. */
    public enum Evidence {
        /** The hint phrase itself appears in the prompt. */
        HINT_IN_PROMPT(0.95),
        /** The prompt reports that the task model failed. */
        FAILURE_FEEDBACK(0.50),
        /** The prompt quotes task examples with their gold answers. */
        GOLD_EXAMPLES(0.20),
        /** Nothing in the prompt points at the hint. */
        NONE(0.05);

        private final double baseProbability;

        Evidence(double baseProbability) {
            this.baseProbability = baseProbability;
        }

        /**
         * The probability for a proposer of competence factor 1.
         *
         * @return the probability
         */
        public double baseProbability() {
            return baseProbability;
        }
    }

    private static final int EXAMPLE_POINTS = 10;
    private static final int HINT_POINTS = 3;
    private static final int KEYWORD_POINTS = 2;
    private static final int GOLD_WINDOW = 400;
    private static final Pattern FAILURE =
            Pattern.compile("\\b(incorrect|not correct|wrong|expected|mistakes?|failed|should have|worse)\\b"
                    + "|(?<![a-z])(reward|score)\\D{0,30}?(?<![\\d.])0(?:\\.0+)?(?![\\d.])");
    /** One of COPRO's attempts: the instruction after {@code Instruction #k:}, over several lines, up to its prefix. */
    private static final Pattern ATTEMPT = Pattern.compile("(?ms)^[ \\t]*Instruction\\s*#?\\s*\\d*\\s*:[ \\t]*(.+?)\\s*"
            + "(?=^[ \\t]*(?:Prefix|Instruction|Resulting Score)\\s*#?\\s*\\d*\\s*:|\\z)");

    private static final Pattern NUMBERED_ITEM = Pattern.compile("\\[\\d+\\]\\s*«(.*?)»", Pattern.DOTALL);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Closing sentences that vary proposals; none holds a hint phrase of a built-in task. */
    private static final List<String> CLOSINGS = List.of(
            "Read the input carefully before answering.",
            "Be precise.",
            "Focus on what the input actually asks.",
            "Make sure the answer fits the requested output field.",
            "Use only the information given in the input.",
            "Respond clearly and directly.",
            "Stay faithful to the task described above.",
            "Answer every output field.");

    /** Per hint phrase of the built-in and retrieval tasks: instruction sentences and an observation. */
    private record HintText(List<String> instructions, String observation) {}

    private static final Map<String, HintText> HINT_TEXTS = Map.of(
            "exact name",
                    new HintText(
                            List.of(
                                    "Search for the exact name of the person or place, spelled as the question"
                                            + " spells it.",
                                    "Use the exact name, never a similar one."),
                            "The facts are about invented people and places with similar names, so only the exact"
                                    + " name finds the right one."),
            "bridge entity",
                    new HintText(
                            List.of(
                                    "When a passage names the bridge entity (the town or company the question"
                                            + " leads through), search for that bridge entity next.",
                                    "Find the bridge entity in the first passage, then look it up."),
                            "Two-hop questions go through a bridge entity that only the first passage names."),
            "short factoid",
                    new HintText(
                            List.of(
                                    "Answer with a short factoid, not a full sentence.",
                                    "Reply with only the short factoid that answers the question."),
                            "Each answer is a short factoid rather than a sentence."),
            "1-5 words",
                    new HintText(
                            List.of("Keep the answer to 1-5 words.", "Use 1-5 words and no explanation."),
                            "Answers are 1-5 words long."),
            "sarcasm",
                    new HintText(
                            List.of(
                                    "Watch for sarcasm: exaggerated praise often means the opposite.",
                                    "Treat sarcasm as negative even when the words sound positive."),
                            "Several negative reviews use sarcasm, praising the product while meaning the opposite."),
            "overall tone",
                    new HintText(
                            List.of(
                                    "Judge the overall tone of the whole review, not single phrases.",
                                    "Base the label on the overall tone."),
                            "The label follows the overall tone of a review rather than single phrases."),
            "exact integer",
                    new HintText(
                            List.of("Give the result as an exact integer.", "Reply with the exact integer only."),
                            "Every answer is an exact integer."),
            "double-check",
                    new HintText(
                            List.of(
                                    "Double-check the arithmetic before answering.",
                                    "Work it out, then double-check the result."),
                            "Products of larger numbers need care, so every answer deserves a double-check."));

    /** Words that name what a built-in task is about, so a description without examples still identifies it. */
    private static final Map<String, List<String>> TASK_KEYWORDS = Map.of(
            FactoidQa.NAME, List.of("capital", "birthplace", "born", "factoid"),
            Sentiment.NAME, List.of("review", "sentiment", "positive", "negative"),
            Arithmetic.NAME, List.of("sums", "differences", "products", "arithmetic", "integer"),
            MultiHopQa.NAME, List.of("passages", "search query", "retrieved", "multi-hop", "headquartered"));

    private static final Map<String, String> TASK_DESCRIPTIONS = Map.of(
            FactoidQa.NAME,
            "factoid questions about the capitals of countries and the birthplaces of people, "
                    + "answered with place names",
            Sentiment.NAME,
            "short product reviews labelled POSITIVE, NEGATIVE or NEUTRAL",
            Arithmetic.NAME,
            "questions asking for sums, differences and products of whole numbers",
            MultiHopQa.NAME,
            "questions about invented people, the towns they were born in and the companies they work"
                    + " for, answered from retrieved passages");

    /** A task with its examples' inputs and gold values in canonical form. */
    private record KnownTask(SimTask task, List<KnownExample> examples) {}

    private record KnownExample(List<String> inputs, List<String> golds) {}

    /**
     * What a proposal prompt gives.
     *
     * @param candidates the tasks the prompt is about (several when they tie), empty when none
     * @param evidence per candidate task's name, each hint phrase's evidence
     * @param inputs the input values of the last user message
     * @param hintsInPrompt how many hint phrases of the first candidate appear
     */
    record Reading(
            List<SimTask> candidates,
            Map<String, Map<String, Evidence>> evidence,
            Map<String, String> inputs,
            int hintsInPrompt) {}

    private final List<KnownTask> tasks;

    SimProposer(List<SimTask> tasks) {
        List<KnownTask> known = new ArrayList<>(tasks.size());
        for (SimTask task : tasks) {
            List<KnownExample> examples = new ArrayList<>(task.size());
            for (SimExample example : task.examples()) {
                examples.add(new KnownExample(
                        example.inputs().values().stream()
                                .map(TextNormalizer::normalize)
                                .toList(),
                        example.gold().values().stream()
                                .map(TextNormalizer::normalize)
                                .toList()));
            }
            known.add(new KnownTask(task, examples));
        }
        this.tasks = List.copyOf(known);
    }

    /**
     * The competence factor of a proposer: {@code 1 / (1 + exp(-(baseLogit + 1)))}.
     *
     * @param profile the model playing the proposer
     * @return the factor, in (0, 1)
     */
    public static double competenceFactor(SimModelProfile profile) {
        return 1.0 / (1.0 + Math.exp(-(profile.baseLogit() + 1.0)));
    }

    /**
     * The probability that one completion of a proposal carries a hint phrase.
     *
     * @param profile the model playing the proposer
     * @param evidence the strongest evidence the prompt gives for the phrase
     * @return {@code evidence.baseProbability() * competenceFactor(profile)}
     */
    public static double hintProbability(SimModelProfile profile, Evidence evidence) {
        return evidence.baseProbability() * competenceFactor(profile);
    }

    /** Whether a request asking for these output fields is a proposal. */
    static boolean isProposal(List<FieldSpec> outputs) {
        for (FieldSpec field : outputs) {
            if (INSTRUCTION_FIELDS.contains(field.name()) || DESCRIPTIVE_FIELDS.contains(field.name())) {
                return true;
            }
        }
        return false;
    }

    /** Reads a proposal prompt (fault directives already stripped). */
    Reading read(List<ChatMessage> messages) {
        StringBuilder shown = new StringBuilder();
        String lastUser = "";
        for (ChatMessage message : messages) {
            if (message.role() == Role.USER || message.role() == Role.ASSISTANT) {
                shown.append(message.content()).append('\n');
            }
            if (message.role() == Role.USER) {
                lastUser = message.content();
            }
        }
        String text = TextNormalizer.normalize(shown.toString());
        int best = 0;
        List<SimTask> candidates = new ArrayList<>();
        Map<String, Map<String, Evidence>> evidence = new LinkedHashMap<>();
        for (KnownTask known : tasks) {
            int quoted = 0;
            boolean goldShown = false;
            String outsideInputs = text;
            for (KnownExample example : known.examples()) {
                int at = quotedAt(text, example.inputs());
                if (at < 0) {
                    continue;
                }
                quoted++;
                goldShown |= goldNear(text, at, example.golds());
                for (String input : example.inputs()) {
                    outsideInputs = outsideInputs.replace(input, " ");
                }
            }
            boolean failure = FAILURE.matcher(outsideInputs).find();
            Map<String, Evidence> levels = new LinkedHashMap<>();
            int hintsPresent = 0;
            for (String hint : known.task().hints()) {
                Evidence level;
                if (text.contains(TextNormalizer.normalize(hint))) {
                    level = Evidence.HINT_IN_PROMPT;
                    hintsPresent++;
                } else if (failure) {
                    level = Evidence.FAILURE_FEEDBACK;
                } else if (goldShown) {
                    level = Evidence.GOLD_EXAMPLES;
                } else {
                    level = Evidence.NONE;
                }
                levels.put(hint, level);
            }
            int score = EXAMPLE_POINTS * quoted
                    + HINT_POINTS * hintsPresent
                    + fieldMentions(text, known.task())
                    + KEYWORD_POINTS * keywordMentions(text, known.task());
            if (score > best) {
                best = score;
                candidates.clear();
                evidence.clear();
            }
            if (score == best && score > 0) {
                candidates.add(known.task());
                evidence.put(known.task().name(), levels);
            }
        }
        int hintsInPrompt = candidates.isEmpty()
                ? 0
                : (int)
                        Objects.requireNonNull(evidence.get(candidates.get(0).name()), "a candidate's evidence")
                                .values()
                                .stream()
                                .filter(e -> e == Evidence.HINT_IN_PROMPT)
                                .count();
        return new Reading(
                List.copyOf(candidates),
                evidence,
                FieldExtractor.inputs(TaskIndex.withoutOutputReminder(lastUser)),
                hintsInPrompt);
    }

    /** Where the last input value of an example starts in the text, when all its input values appear; else -1. */
    private static int quotedAt(String text, List<String> inputs) {
        int at = -1;
        for (String input : inputs) {
            if (input.isEmpty()) {
                return -1;
            }
            at = text.indexOf(input);
            if (at < 0) {
                return -1;
            }
        }
        return at;
    }

    private static boolean goldNear(String text, int from, List<String> golds) {
        String window = text.substring(from, Math.min(text.length(), from + GOLD_WINDOW));
        for (String gold : golds) {
            if (gold.isEmpty() || !window.contains(gold)) {
                return false;
            }
        }
        return true;
    }

    private static int fieldMentions(String text, SimTask task) {
        Set<String> names = new LinkedHashSet<>(task.inputFields());
        names.addAll(task.outputFields());
        return wordsFound(text, names, "\\b");
    }

    private static int keywordMentions(String text, SimTask task) {
        return wordsFound(text, TASK_KEYWORDS.getOrDefault(task.name(), List.of()), "");
    }

    /** How many of the words start a word in the text ({@code end} "\\b" for whole words only). */
    private static int wordsFound(String text, Iterable<String> words, String end) {
        int found = 0;
        for (String word : words) {
            if (Pattern.compile("\\b" + Pattern.quote(word.toLowerCase(Locale.ROOT)) + end)
                    .matcher(text)
                    .find()) {
                found++;
            }
        }
        return found;
    }

    /**
     * The values of one completion.
     *
     * @param reading what the prompt gives
     * @param outputs the output fields asked for
     * @param profile the model answering
     * @param drawKey this completion's draw key (seed, model, prompt, rollout, request seed, temperature, index)
     * @return field name to value text, in output order
     */
    Map<String, String> answer(
            Reading reading, List<FieldSpec> outputs, SimModelProfile profile, List<Object> drawKey) {
        SimTask task = reading.candidates().isEmpty()
                ? null
                : reading.candidates().get(Draws.index(reading.candidates().size(), key(drawKey, "task")));
        List<String> hints = new ArrayList<>();
        if (task != null) {
            for (Map.Entry<String, Evidence> hint : Objects.requireNonNull(
                            reading.evidence().get(task.name()), "a candidate's evidence")
                    .entrySet()) {
                if (Draws.uniform(key(drawKey, "hint", hint.getKey())) < hintProbability(profile, hint.getValue())) {
                    hints.add(hint.getKey());
                }
            }
        }
        boolean offerFeedback = outputs.stream().anyMatch(f -> f.name().equals("discussion"))
                || reading.inputs().containsKey("module_names");
        Map<String, String> values = new LinkedHashMap<>();
        for (FieldSpec field : outputs) {
            String name = field.name();
            String value;
            if (name.equals("proposed_instruction")
                    || name.equals("new_instruction")
                    || name.equals("new_description")) {
                value = instruction(reading, task, hints, drawKey);
            } else if (name.equals("proposed_prefix_for_output_field")) {
                value = prefix(task);
            } else if (name.equals("module_advice") || (name.equals("advice") && offerFeedback)) {
                value = advice(reading, hints, drawKey);
            } else if (DESCRIPTIVE_FIELDS.contains(name)) {
                value = description(name, task, hints);
            } else if (field.isReasoning()) {
                value = "I look at the task, its examples and any feedback before proposing.";
            } else {
                value = AnswerComposer.placeholder(field, task != null);
            }
            values.put(name, value);
        }
        return values;
    }

    private static String instruction(
            Reading reading, @Nullable SimTask task, List<String> hints, List<Object> drawKey) {
        String base = baseInstruction(reading, task);
        for (String closing : CLOSINGS) {
            if (base.endsWith(" " + closing)) {
                base = base.substring(0, base.length() - closing.length()).strip();
            }
        }
        StringBuilder out = new StringBuilder(base);
        String lower = base.toLowerCase(Locale.ROOT);
        for (String hint : hints) {
            if (!lower.contains(hint.toLowerCase(Locale.ROOT))) {
                out.append(' ').append(hintInstruction(hint, key(drawKey, "wording", hint)));
            }
        }
        out.append(' ').append(CLOSINGS.get(Draws.index(CLOSINGS.size(), key(drawKey, "closing"))));
        return out.toString();
    }

    /** The instruction the proposal starts from. */
    private static String baseInstruction(Reading reading, @Nullable SimTask task) {
        for (String input : List.of("basic_instruction", "current_instruction", "current_description")) {
            String value = reading.inputs().get(input);
            if (value != null && !value.isBlank()) {
                return unquoted(value);
            }
        }
        String attempts = reading.inputs().get("attempted_instructions");
        if (attempts != null) {
            Matcher attempt = ATTEMPT.matcher(attempts);
            String last = null;
            while (attempt.find()) {
                last = attempt.group(1);
            }
            if (last != null && !last.isBlank()) {
                return unquoted(last);
            }
        }
        if (task == null) {
            return "Complete the task the inputs describe.";
        }
        return "Given the fields " + backquoted(task.inputFields()) + ", produce the fields "
                + backquoted(task.outputFields()) + ".";
    }

    private static String unquoted(String text) {
        String value = text.strip();
        while (value.length() >= 2
                && ((value.startsWith("\"") && value.endsWith("\""))
                        || (value.startsWith("'") && value.endsWith("'")))) {
            value = value.substring(1, value.length() - 1).strip();
        }
        return value;
    }

    private static String backquoted(List<String> names) {
        return String.join(", ", names.stream().map(n -> "`" + n + "`").toList());
    }

    private static String hintInstruction(String hint, Object[] wordingKey) {
        HintText text = HINT_TEXTS.get(hint.toLowerCase(Locale.ROOT));
        if (text == null) {
            return "Keep this in mind: " + hint + ".";
        }
        return text.instructions().get(Draws.index(text.instructions().size(), wordingKey));
    }

    private static String hintObservation(String hint) {
        HintText text = HINT_TEXTS.get(hint.toLowerCase(Locale.ROOT));
        return text == null ? "A notable trait of this data: " + hint + "." : text.observation();
    }

    private static String prefix(@Nullable SimTask task) {
        if (task == null || task.outputFields().isEmpty()) {
            return "Answer:";
        }
        String field = task.outputFields().get(0).replace('_', ' ');
        return Character.toUpperCase(field.charAt(0)) + field.substring(1) + ":";
    }

    private static String advice(Reading reading, List<String> hints, List<Object> drawKey) {
        StringBuilder text = new StringBuilder("Compare the answer with what the input asks for before replying.");
        for (String hint : hints) {
            text.append(' ').append(hintInstruction(hint, key(drawKey, "advice-wording", hint)));
        }
        ObjectNode advice = JsonNodeFactory.instance.objectNode();
        for (String module : moduleNames(reading.inputs().get("module_names"))) {
            advice.put(module, text.toString());
        }
        return PythonJson.dumps(advice);
    }

    /** Module names from a JSON list, DSPy's numbered list, or comma- or line-separated text. */
    static List<String> moduleNames(@Nullable String value) {
        List<String> names = new ArrayList<>();
        String text = value == null ? "" : value.strip();
        Matcher item = NUMBERED_ITEM.matcher(text);
        while (item.find()) {
            names.add(item.group(1).strip());
        }
        if (names.isEmpty() && text.startsWith("[")) {
            try {
                JsonNode node = JSON.readTree(text);
                if (node != null && node.isArray()) {
                    node.forEach(element -> names.add(element.asText()));
                }
            } catch (JsonProcessingException notJson) {
                // not JSON: read as separated names below
            }
        }
        if (names.isEmpty() && !text.isEmpty()) {
            for (String part : text.split("[,\\n]")) {
                String name = unquoted(part.strip().replaceFirst("^[-*]\\s*", ""));
                if (!name.isEmpty()) {
                    names.add(name);
                }
            }
        }
        names.removeIf(String::isBlank);
        return names.isEmpty() ? List.of("program") : List.copyOf(new LinkedHashSet<>(names));
    }

    private static String description(String field, @Nullable SimTask task, List<String> hints) {
        StringBuilder text = new StringBuilder();
        String subject = task == null
                ? null
                : TASK_DESCRIPTIONS.getOrDefault(
                        task.name(),
                        "examples that map " + backquoted(task.inputFields()) + " to "
                                + backquoted(task.outputFields()));
        switch (field) {
            case "observations" ->
                text.append(
                        subject == null
                                ? "The examples share a common structure of inputs and outputs."
                                : "The data consists of " + subject + ".");
            case "program_description" ->
                text.append(
                        subject == null || task == null
                                ? "The program calls a language model to turn its inputs into outputs."
                                : "The program solves " + subject + ": it reads " + backquoted(task.inputFields())
                                        + " and produces " + backquoted(task.outputFields())
                                        + " with a language model.");
            case "module_description" ->
                text.append(
                        subject == null || task == null
                                ? "The module turns its inputs into the program's outputs."
                                : "The module reads " + backquoted(task.inputFields()) + " and produces "
                                        + backquoted(task.outputFields()) + ", the program's final answer.");
            default ->
                text.append("The lower-scoring run gave an answer that does not match what the task "
                        + "expects, while the better run did.");
        }
        for (String hint : hints) {
            text.append(' ').append(hintObservation(hint));
        }
        return text.toString();
    }

    private static Object[] key(List<Object> drawKey, Object... more) {
        List<Object> parts = new ArrayList<>(drawKey);
        parts.add("proposer");
        parts.addAll(List.of(more));
        return parts.toArray();
    }
}
