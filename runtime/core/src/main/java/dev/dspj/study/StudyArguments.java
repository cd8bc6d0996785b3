package dev.dspj.study;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Checks of what callers pass to stores and studies, and the JSON of trial values; shared by every
 * store implementation (in memory here, JDBC in {@code dspj-studies}). Not for application code.
 */
public final class StudyArguments {

    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final TypeReference<LinkedHashMap<String, Object>> OBJECT = new TypeReference<>() {};

    private StudyArguments() {}

    /**
     * Checks a study name.
     *
     * @param name the name
     * @return the name
     * @throws IllegalArgumentException when blank
     */
    public static String studyName(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException(
                    "study name must not be blank, got: " + (name == null ? "null" : "'" + name + "'"));
        }
        return name;
    }

    /**
     * Checks a study's description is JSON.
     *
     * @param study the study
     * @param descriptionJson the description
     * @return the description
     */
    public static String description(String study, String descriptionJson) {
        Objects.requireNonNull(descriptionJson, "descriptionJson");
        json("description of study '" + study + "'", descriptionJson);
        return descriptionJson;
    }

    /**
     * Checks a worker's name.
     *
     * @param worker the name
     * @return the name
     */
    public static String worker(String worker) {
        if (worker == null || worker.isBlank()) {
            throw new IllegalArgumentException(
                    "worker must name who runs the trial, got: " + (worker == null ? "null" : "'" + worker + "'"));
        }
        return worker;
    }

    /**
     * Checks a lease is positive.
     *
     * @param lease the lease
     * @return its milliseconds
     */
    public static long leaseMillis(Duration lease) {
        Objects.requireNonNull(lease, "lease");
        if (lease.isNegative() || lease.isZero()) {
            throw new IllegalArgumentException("lease must be positive, got: " + lease);
        }
        return lease.toMillis();
    }

    /**
     * Checks objective values are named and finite.
     *
     * @param study the study
     * @param values objective name to value
     * @return a copy
     */
    public static Map<String, Double> values(String study, Map<String, Double> values) {
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

    /**
     * Checks a trial's details are JSON.
     *
     * @param study the study
     * @param detailsJson the details, or null
     * @return the details
     */
    public static @Nullable String details(String study, @Nullable String detailsJson) {
        if (detailsJson != null) {
            json("trial details in study '" + study + "'", detailsJson);
        }
        return detailsJson;
    }

    /**
     * A failure's message, never blank.
     *
     * @param error the message, or null
     * @return the message
     */
    public static String error(@Nullable String error) {
        return error == null || error.isBlank() ? "failed without a message" : error;
    }

    /**
     * Objective values as JSON.
     *
     * @param values objective name to value
     * @return the JSON text
     */
    public static String valuesJson(Map<String, Double> values) {
        try {
            return JSON.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write objective values as JSON: " + values, e);
        }
    }

    /**
     * Reads what {@link #valuesJson} wrote.
     *
     * @param json the text, or null
     * @return objective name to value
     */
    public static Map<String, Double> valuesFromJson(@Nullable String json) {
        if (json == null) {
            return Map.of();
        }
        try {
            Map<String, Double> values = new LinkedHashMap<>();
            JSON.readValue(json, OBJECT)
                    .forEach((objective, value) -> values.put(objective, ((Number) value).doubleValue()));
            return values;
        } catch (JsonProcessingException | ClassCastException e) {
            throw new IllegalStateException("stored objective values are not a JSON object of numbers: " + json, e);
        }
    }

    /**
     * The error for a trial of another study.
     *
     * @param study the study
     * @param trial the trial
     * @return the exception
     */
    public static IllegalArgumentException foreignTrial(String study, Trial trial) {
        return new IllegalArgumentException("trial " + trial.number() + " (id " + trial.id() + ", configuration "
                + trial.configuration() + ") is not a trial of study '" + study + "'");
    }

    /**
     * The error for a trial another attempt has taken over.
     *
     * @param study the study
     * @param operation what was tried
     * @param held the trial as the caller held it
     * @param current the trial now
     * @return the exception
     */
    public static TrialLostException lost(String study, String operation, Trial held, Trial current) {
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
            throw new IllegalArgumentException(
                    what + " must be JSON text, got: " + abbreviate(text) + " (" + e.getOriginalMessage() + ")");
        }
        if (node == null || node.isMissingNode()) {
            throw new IllegalArgumentException(what + " must be JSON text, got: '" + text + "'");
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }
}
