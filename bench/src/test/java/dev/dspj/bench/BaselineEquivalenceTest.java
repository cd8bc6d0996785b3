package dev.dspj.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dspj.bench.baseline.GroundedAnswerSpec;
import dev.dspj.lm.ChatMessage;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The benchmark compares equal work: the baseline renders the very prompt DSPJ renders and reads
 * the completion to the same values. Also runs each benchmark method once, so a broken benchmark
 * fails the build rather than the benchmark run.
 */
class BaselineEquivalenceTest {

    private final ChatAdapterBenchmark bench = new ChatAdapterBenchmark();

    @Test
    void baselineFormatsTheSamePromptAsDspj() {
        List<ChatMessage> dspj = bench.dspjFormat();
        List<ChatMessage> baseline = bench.baselineFormat();
        assertEquals(8, dspj.size(), "system, 3 demos as user/assistant pairs, the request");
        for (int i = 0; i < dspj.size(); i++) {
            assertEquals(dspj.get(i).role(), baseline.get(i).role(), "role of message " + i);
            assertEquals(dspj.get(i).content(), baseline.get(i).content(), "content of message " + i);
        }
        assertEquals(dspj, baseline);
        assertTrue(
                dspj.get(0)
                        .content()
                        .contains("{citations}        # note: the value you produce must adhere to the JSON schema: "
                                + "{\"type\": \"array\", \"items\": {\"type\": \"integer\"}}"),
                dspj.get(0).content());
        assertTrue(
                dspj.get(7).content().contains("[[ ## context ## ]]\n[\"Berlin is the capital of Germany.\", "),
                dspj.get(7).content());
        assertTrue(
                dspj.get(6).content().endsWith("[[ ## citations ## ]]\n[1, 4]\n\n[[ ## completed ## ]]\n"),
                dspj.get(6).content());
    }

    @Test
    void bothParseTheCompletionToEqualValues() {
        GroundedAnswerOutput dspj = bench.dspjParse();
        GroundedAnswerSpec.Out baseline = bench.baselineParse();
        assertEquals(new GroundedAnswerOutput("Paris", 0.93, List.of(2, 4)), dspj);
        assertEquals(new GroundedAnswerSpec.Out(dspj.answer(), dspj.confidence(), dspj.citations()), baseline);
    }

    @Test
    void combinedBenchmarksReturnTheParsedOutput() {
        org.openjdk.jmh.infra.Blackhole sink = new org.openjdk.jmh.infra.Blackhole(
                "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");
        assertEquals(bench.dspjParse(), bench.dspjFormatParse(sink));
        assertEquals(bench.baselineParse(), bench.baselineFormatParse(sink));
        assertEquals(bench.baselineParse(), bench.baselineUncachedFormatParse(sink));
    }
}
