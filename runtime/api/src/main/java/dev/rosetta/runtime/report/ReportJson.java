package dev.rosetta.runtime.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * Writes and reads {@link VerificationReport}s as JSON: snake_case field names in declaration
 * order, {@code null}s written out (a missing metric is {@code null}, never {@code NaN}).
 */
public final class ReportJson {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private ReportJson() {
    }

    /** The report as pretty-printed JSON, ending with a newline. */
    public static String toJson(VerificationReport report) {
        try {
            return MAPPER.writeValueAsString(report) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize verification report", e);
        }
    }

    /** Parses a report written by {@link #toJson}; unknown fields are ignored. */
    public static VerificationReport fromJson(String json) throws JsonProcessingException {
        return MAPPER.readValue(json, VerificationReport.class);
    }
}
