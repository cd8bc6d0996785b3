package dev.dspj.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dspj.Dspj;
import dev.dspj.lm.LanguageModel;
import dev.dspj.primitives.Prediction;
import dev.dspj.sim.SimulatedModelServer;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;

/** One whole Spring Boot application start: the starter found through its auto-configuration imports. */
class SpringApplicationStartTest {

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {}

    @Test
    void anApplicationGetsTheModelAProgramAndTheHealthIndicatorFromProperties() {
        try (SimulatedModelServer server =
                        SimulatedModelServer.builder().latencyScale(0).build().start();
                ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class)
                        .web(WebApplicationType.NONE)
                        .properties(
                                "dspj.model=sim/sim-medium",
                                "dspj.base-url=" + server.baseUrl(),
                                "dspj.api-key=sk-app-start",
                                "dspj.programs.qa.type=" + QaProgram.class.getName())
                        .run()) {
            LanguageModel model = context.getBean(LanguageModel.class);
            assertSame(model, Dspj.defaultModel().orElseThrow());
            QaProgram qa = context.getBean("qa", QaProgram.class);
            Prediction prediction = qa.forward(Map.of("question", "What is the largest ocean?"));
            assertFalse(((String) prediction.values().get("answer")).isBlank());
            assertEquals(
                    "/v1/chat/completions", server.lastRequest().orElseThrow().path());
            assertEquals(
                    Status.UP,
                    context.getBean(ModelHealthIndicator.class).health().getStatus());
            assertTrue(context.getBeanNamesForType(DspjAutoConfiguration.CallbackRegistrations.class).length == 1);
        }
    }
}
