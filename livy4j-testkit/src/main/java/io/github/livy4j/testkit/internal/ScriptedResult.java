package io.github.livy4j.testkit.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A scripted statement result as the model uses it.
 *
 * @param data data by MIME type, or empty
 * @param errorName the error name, or {@code null} for success
 * @param errorValue the error message
 * @param traceback the traceback
 * @param duration the running time, or {@code null} for the default
 * @param sqlSchema a Spark schema for a SQL result, or {@code null}
 * @param sqlRows the SQL rows
 */
public record ScriptedResult(
    Map<String, Object> data,
    String errorName,
    String errorValue,
    List<String> traceback,
    Duration duration,
    ObjectNode sqlSchema,
    List<List<Object>> sqlRows) {}
