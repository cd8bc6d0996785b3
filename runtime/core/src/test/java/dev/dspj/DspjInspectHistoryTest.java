package dev.dspj;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dspj.lm.ChatMessage;
import dev.dspj.lm.history.CallHistory;
import dev.dspj.lm.history.CallRecord;
import dev.dspj.primitives.Usage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DspjInspectHistoryTest {

    @Test
    void inspectHistoryReturnsTheTextWithoutPrintingIt() {
        String marker = "inspect-history-marker-" + System.nanoTime();
        CallHistory.global()
                .add(new CallRecord(
                        Instant.now(),
                        "test/model",
                        List.of(ChatMessage.user(marker)),
                        List.of("an answer"),
                        new Usage(3, 2),
                        BigDecimal.ZERO,
                        Duration.ofMillis(5),
                        false,
                        1,
                        null));
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        String text;
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            text = Dspj.inspectHistory(1);
        } finally {
            System.setOut(original);
        }
        assertTrue(text.contains(marker), text);
        assertEquals("", captured.toString(StandardCharsets.UTF_8), "inspectHistory must not print");
    }
}
