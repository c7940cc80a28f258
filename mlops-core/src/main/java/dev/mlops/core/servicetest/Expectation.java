package dev.mlops.core.servicetest;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What an answer must hold: every field of the expectation, with an equal value (numbers by value), where a value
 * may instead be a matcher that survives retraining:
 * <ul>
 *   <li>{@code {"approx": 87.1, "tolerance": 0.5}} or {@code {"approx": [87.1, 105.7], "relative": 0.05}}: numbers
 *       (or lists of them, shape for shape) within an absolute or relative distance;</li>
 *   <li>{@code {"length": 2}}: a list (or text) of that length;</li>
 *   <li>{@code {"type": "number"}}: {@code number}, {@code string}, {@code boolean}, {@code array}, {@code object} or
 *       {@code null}.</li>
 * </ul>
 * A field with a matcher inside (such as {@code "prediction": {"AC": {"length": 2}}}) is matched level by level: its
 * objects must have the same fields and its lists the same length as the answer's.
 */
final class Expectation {

    private static final Set<String> MATCHER_FIELDS = Set.of("approx", "tolerance", "relative", "length", "type");
    private static final Set<String> TYPES = Set.of("number", "string", "boolean", "array", "object", "null");

    private Expectation() {
    }

    /**
     * @return why the answer does not meet the expectation; empty when it does
     */
    static Optional<String> mismatch(JsonNode expect, JsonNode answer) {
        List<String> wrong = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = expect.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode actual = answer == null ? null : answer.get(field.getKey());
            if (actual == null) {
                wrong.add(field.getKey() + " is missing (expected " + field.getValue() + ")");
            } else if (!holdsMatcher(field.getValue())) {
                if (!equal(field.getValue(), actual)) {
                    wrong.add(field.getKey() + " is " + actual + ", expected " + field.getValue());
                }
            } else {
                match(field.getKey(), field.getValue(), actual, wrong);
            }
        }
        return wrong.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", wrong));
    }

    /**
     * Checks a test file's expectation before anything is served.
     *
     * @throws ServiceTestException naming the field of a matcher that is not one
     */
    static void check(JsonNode expect, String where) throws ServiceTestException {
        for (Iterator<Map.Entry<String, JsonNode>> it = expect.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            checkValue(field.getKey(), field.getValue(), where);
        }
    }

    private static void checkValue(String path, JsonNode value, String where) throws ServiceTestException {
        if (isMatcher(value)) {
            checkMatcher(path, value, where);
        } else if (value.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                checkValue(path + "." + field.getKey(), field.getValue(), where);
            }
        } else if (value.isArray()) {
            for (int i = 0; i < value.size(); i++) {
                checkValue(path + "[" + i + "]", value.get(i), where);
            }
        }
    }

    private static void checkMatcher(String path, JsonNode matcher, String where) throws ServiceTestException {
        String at = where + ": the matcher of " + path + " ";
        if (matcher.has("approx")) {
            if (!numbers(matcher.get("approx"))) {
                throw new ServiceTestException(at + "needs \"approx\": a number or a list of numbers");
            }
            JsonNode tolerance = matcher.has("tolerance") ? matcher.get("tolerance") : matcher.get("relative");
            if (matcher.has("tolerance") == matcher.has("relative") || !tolerance.isNumber()
                    || tolerance.decimalValue().signum() < 0) {
                throw new ServiceTestException(at + "needs one of \"tolerance\" (an absolute distance) or"
                        + " \"relative\" (a fraction of the expected value), a number of 0 or more");
            }
            if (matcher.has("length") || matcher.has("type")) {
                throw new ServiceTestException(at + "has \"approx\" with \"length\" or \"type\"; give one check");
            }
        } else if (matcher.has("tolerance") || matcher.has("relative")) {
            throw new ServiceTestException(at + "has a tolerance but no \"approx\" value to compare with");
        }
        if (matcher.has("length") && (!matcher.get("length").canConvertToInt() || !matcher.get("length").isIntegralNumber()
                || matcher.get("length").intValue() < 0)) {
            throw new ServiceTestException(at + "needs \"length\": a whole number of 0 or more");
        }
        if (matcher.has("type") && !TYPES.contains(matcher.get("type").asText(""))) {
            throw new ServiceTestException(at + "needs \"type\": one of number, string, boolean, array, object,"
                    + " null");
        }
    }

    private static void match(String path, JsonNode expected, JsonNode actual, List<String> wrong) {
        if (isMatcher(expected)) {
            matchWith(path, expected, actual, wrong);
        } else if (expected.isObject()) {
            if (!actual.isObject()) {
                wrong.add(path + " is " + actual + ", expected an object");
                return;
            }
            for (Iterator<String> names = actual.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!expected.has(name)) {
                    wrong.add(path + "." + name + " is not expected (it is " + actual.get(name) + ")");
                }
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = expected.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                JsonNode value = actual.get(field.getKey());
                if (value == null) {
                    wrong.add(path + "." + field.getKey() + " is missing (expected " + field.getValue() + ")");
                } else {
                    match(path + "." + field.getKey(), field.getValue(), value, wrong);
                }
            }
        } else if (expected.isArray()) {
            if (!actual.isArray() || actual.size() != expected.size()) {
                wrong.add(path + " is " + actual + ", expected a list of " + expected.size());
                return;
            }
            for (int i = 0; i < expected.size(); i++) {
                match(path + "[" + i + "]", expected.get(i), actual.get(i), wrong);
            }
        } else if (!equal(expected, actual)) {
            wrong.add(path + " is " + actual + ", expected " + expected);
        }
    }

    private static void matchWith(String path, JsonNode matcher, JsonNode actual, List<String> wrong) {
        if (matcher.has("approx")) {
            boolean absolute = matcher.has("tolerance");
            BigDecimal allowed = (absolute ? matcher.get("tolerance") : matcher.get("relative")).decimalValue();
            approx(path, matcher.get("approx"), actual, allowed, absolute, wrong);
        }
        if (matcher.has("length")) {
            int length = matcher.get("length").intValue();
            int actualLength = actual.isArray() ? actual.size() : actual.isTextual() ? actual.asText().length() : -1;
            if (actualLength != length) {
                wrong.add(path + " is " + actual + ", expected a list of " + length);
            }
        }
        if (matcher.has("type") && !typeOf(actual).equals(matcher.get("type").asText())) {
            wrong.add(path + " is " + actual + " (" + typeOf(actual) + "), expected a " + matcher.get("type").asText());
        }
    }

    private static void approx(String path, JsonNode expected, JsonNode actual, BigDecimal allowed, boolean absolute,
                               List<String> wrong) {
        if (expected.isArray()) {
            if (!actual.isArray() || actual.size() != expected.size()) {
                wrong.add(path + " is " + actual + ", expected a list of " + expected.size()
                        + (expected.size() == 1 ? " number" : " numbers"));
                return;
            }
            for (int i = 0; i < expected.size(); i++) {
                approx(path + "[" + i + "]", expected.get(i), actual.get(i), allowed, absolute, wrong);
            }
            return;
        }
        if (!actual.isNumber()) {
            wrong.add(path + " is " + actual + ", expected a number near " + expected);
            return;
        }
        BigDecimal limit = absolute ? allowed : allowed.multiply(expected.decimalValue().abs());
        if (actual.decimalValue().subtract(expected.decimalValue()).abs().compareTo(limit) > 0) {
            wrong.add(path + " is " + actual + ", expected " + expected + " ± " + (absolute ? allowed.toPlainString()
                    : allowed.multiply(BigDecimal.valueOf(100)).stripTrailingZeros().toPlainString() + " %"));
        }
    }

    private static String typeOf(JsonNode value) {
        return value.isNumber() ? "number" : value.isTextual() ? "string" : value.isBoolean() ? "boolean"
                : value.isArray() ? "array" : value.isObject() ? "object" : "null";
    }

    private static boolean numbers(JsonNode value) {
        if (value.isNumber()) {
            return true;
        }
        if (!value.isArray() || value.isEmpty()) {
            return false;
        }
        for (JsonNode element : value) {
            if (!numbers(element)) {
                return false;
            }
        }
        return true;
    }

    /** An object whose fields are all matcher fields, with at least one check among them. */
    private static boolean isMatcher(JsonNode value) {
        if (!value.isObject() || value.isEmpty()) {
            return false;
        }
        for (Iterator<String> names = value.fieldNames(); names.hasNext(); ) {
            if (!MATCHER_FIELDS.contains(names.next())) {
                return false;
            }
        }
        return value.has("approx") || value.has("length") || value.has("type") || value.has("tolerance")
                || value.has("relative");
    }

    private static boolean holdsMatcher(JsonNode value) {
        if (isMatcher(value)) {
            return true;
        }
        for (JsonNode child : value) {
            if (holdsMatcher(child)) {
                return true;
            }
        }
        return false;
    }

    private static boolean equal(JsonNode expected, JsonNode actual) {
        return expected.equals((a, b) -> a.isNumber() && b.isNumber() ? a.decimalValue().compareTo(b.decimalValue())
                : a.equals(b) ? 0 : 1, actual);
    }
}
