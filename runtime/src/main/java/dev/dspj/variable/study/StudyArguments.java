package dev.dspj.variable.study;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** Checks of what callers pass to stores and studies, and the JSON of trial values; shared by every store. */
final class StudyArguments {

    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final TypeReference<LinkedHashMap<String, Object>> OBJECT = new TypeReference<>() { };

    private StudyArguments() {
    }

    static String studyName(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("study name must not be blank, got: " + (name == null ? "null" : "'" + name + "'"));
        }
        return name;
    }

    static String description(String study, String descriptionJson) {
        Objects.requireNonNull(descriptionJson, "descriptionJson");
        json("description of study '" + study + "'", descriptionJson);
        return descriptionJson;
    }

    static String worker(String worker) {
        if (worker == null || worker.isBlank()) {
            throw new IllegalArgumentException("worker must name who runs the trial, got: "
                    + (worker == null ? "null" : "'" + worker + "'"));
        }
        return worker;
    }

    static long leaseMillis(Duration lease) {
        Objects.requireNonNull(lease, "lease");
        if (lease.isNegative() || lease.isZero()) {
            throw new IllegalArgumentException("lease must be positive, got: " + lease);
        }
        return lease.toMillis();
    }

    static Map<String, Double> values(String study, Map<String, Double> values) {
        Objects.requireNonNull(values, "values");
        Map<String, Double> copy = new LinkedHashMap<>();
        values.forEach((objective, value) -> {
            if (objective == null || objective.isBlank()) {
                throw new IllegalArgumentException("objective names in study '" + study + "' must not be blank");
            }
            if (value == null || !Double.isFinite(value)) {
                throw new IllegalArgumentException("value of objective '" + objective + "' in study '" + study
                        + "' must be a finite number, got: " + value + "; record a failed evaluation with fail()");
            }
            copy.put(objective, value);
        });
        return copy;
    }

    static String details(String study, String detailsJson) {
        if (detailsJson != null) {
            json("trial details in study '" + study + "'", detailsJson);
        }
        return detailsJson;
    }

    static String error(String error) {
        return error == null || error.isBlank() ? "failed without a message" : error;
    }

    static String valuesJson(Map<String, Double> values) {
        try {
            return JSON.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write objective values as JSON: " + values, e);
        }
    }

    static Map<String, Double> valuesFromJson(String json) {
        if (json == null) {
            return Map.of();
        }
        try {
            Map<String, Double> values = new LinkedHashMap<>();
            JSON.readValue(json, OBJECT).forEach((objective, value) -> values.put(objective, ((Number) value).doubleValue()));
            return values;
        } catch (JsonProcessingException | ClassCastException e) {
            throw new IllegalStateException("stored objective values are not a JSON object of numbers: " + json, e);
        }
    }

    static IllegalArgumentException foreignTrial(String study, Trial trial) {
        return new IllegalArgumentException("trial " + trial.number() + " (id " + trial.id() + ", configuration "
                + trial.configuration() + ") is not a trial of study '" + study + "'");
    }

    static TrialLostException lost(String study, String operation, Trial held, Trial current) {
        return new TrialLostException("cannot " + operation + " trial " + held.number() + " of study '" + study
                + "' (configuration " + held.configuration() + "): attempt " + held.attempt() + " of worker '"
                + held.worker() + "' no longer holds it; it is now " + current.state() + " in attempt "
                + current.attempt() + " of worker '" + current.worker() + "'");
    }

    private static void json(String what, String text) {
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(what + " must be JSON text, got: " + abbreviate(text) + " ("
                    + e.getOriginalMessage() + ")");
        }
        if (node == null || node.isMissingNode()) {
            throw new IllegalArgumentException(what + " must be JSON text, got: '" + text + "'");
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }
}
