package dev.mlops.core.host;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.mlops.core.onnx.ColumnType;
import dev.mlops.core.onnx.OnnxMapping;
import java.io.IOException;
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.HashMap;
import java.util.Map;

/**
 * Binds a request's {@code data} for an ONNX model: each column the model takes straight into the primitive array of
 * its graph input's type ({@code float[]}, {@code double[]}, {@code long[]}, {@code boolean[]}), with the host's
 * checks of numbers that do not fit and no coercion (a null, a text or a fraction is refused, never made a 0 or a
 * {@code false}); other fields are passed over, as a Java model's map would ignore them.
 */
final class OnnxColumns extends JsonDeserializer<Map<String, Object>> {

    private final Map<String, ColumnType> columns;
    private final Map<String, OnnxMapping.Feed> stacked;

    /**
     * Takes each column of the mapping by name, and each stacked input ({@code [N, k]}) also whole, as a list of rows,
     * as an Open Inference Protocol client that read the model's metadata would send it.
     */
    OnnxColumns(OnnxMapping mapping) {
        Map<String, ColumnType> types = new HashMap<>();
        Map<String, OnnxMapping.Feed> inputs = new HashMap<>();
        for (OnnxMapping.Feed feed : mapping.feeds()) {
            feed.columns().forEach(column -> types.put(column, feed.type()));
            if (feed.rank() == 2) {
                inputs.put(feed.input(), feed);
            }
        }
        this.columns = Map.copyOf(types);
        this.stacked = Map.copyOf(inputs);
    }

    @Override
    public Map<String, Object> deserialize(JsonParser parser, DeserializationContext context) throws IOException {
        if (!parser.isExpectedStartObjectToken()) {
            throw MismatchedInputException.from(parser, Map.class, "data must be an object of columns, such as"
                    + " {\"" + columns.keySet().stream().sorted().findFirst().orElse("x") + "\": [1.5, 2.0]}");
        }
        Map<String, Object> values = new HashMap<>();
        for (String name = parser.nextFieldName(); name != null; name = parser.nextFieldName()) {
            JsonToken token = parser.nextToken();
            ColumnType type = columns.get(name);
            if (type == null && stacked.containsKey(name) && token == JsonToken.START_ARRAY) {
                values.putAll(rows(parser, context, stacked.get(name)));
                continue;
            }
            if (type == null) {
                parser.skipChildren();
                continue;
            }
            if (token != JsonToken.START_ARRAY) {
                throw MismatchedInputException.from(parser, type.arrayType(), "input " + name + " must be a list of"
                        + " " + type.datatype() + " values, one a row");
            }
            values.put(name, values(parser, context, type));
        }
        return values;
    }

    /** The values of one array the parser is at the start of. */
    private static Object values(JsonParser parser, DeserializationContext context, ColumnType type)
            throws IOException {
        return switch (type) {
            case INT64 -> longs(parser);
            case BOOL -> booleans(parser);
            default -> context.readValue(parser, type.arrayType());
        };
    }

    /** A stacked input given whole, {@code [[row 1], [row 2], …]}, as the columns that fill it. */
    private static Map<String, Object> rows(JsonParser parser, DeserializationContext context, OnnxMapping.Feed feed)
            throws IOException {
        int width = feed.columns().size();
        List<Object> rows = new ArrayList<>();
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
            if (token != JsonToken.START_ARRAY) {
                throw MismatchedInputException.from(parser, Object[].class, "input " + feed.input() + " must be a"
                        + " list of rows, each a list of " + width + " values (" + String.join(", ", feed.columns())
                        + ")");
            }
            Object row = values(parser, context, feed.type());
            if (Array.getLength(row) != width) {
                throw MismatchedInputException.from(parser, Object[].class, "row " + (rows.size() + 1) + " of input "
                        + feed.input() + " has " + Array.getLength(row) + " values, not " + width);
            }
            rows.add(row);
        }
        Map<String, Object> columns = new HashMap<>();
        Class<?> element = feed.type().arrayType().getComponentType();
        for (int c = 0; c < width; c++) {
            Object column = Array.newInstance(element, rows.size());
            for (int r = 0; r < rows.size(); r++) {
                Array.set(column, r, Array.get(rows.get(r), c));
            }
            columns.put(feed.columns().get(c), column);
        }
        return columns;
    }

    /** Whole numbers that fit a {@code long}, and nothing else: no fractions, text or nulls made into numbers. */
    private static long[] longs(JsonParser parser) throws IOException {
        long[] values = new long[16];
        int count = 0;
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
            if (token != JsonToken.VALUE_NUMBER_INT) {
                throw refused(parser, long[].class, values, count, "a whole number is expected, not " + token);
            }
            if (parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                throw refused(parser, long[].class, values, count, parser.getText() + " does not fit an int64"
                        + " (±9.2e18)");
            }
            if (count == values.length) {
                values = Arrays.copyOf(values, count * 2);
            }
            values[count++] = parser.getLongValue();
        }
        return Arrays.copyOf(values, count);
    }

    /** {@code true} and {@code false} only: no 0 and 1, no text, no nulls made into {@code false}. */
    private static boolean[] booleans(JsonParser parser) throws IOException {
        boolean[] values = new boolean[16];
        int count = 0;
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
            if (token != JsonToken.VALUE_TRUE && token != JsonToken.VALUE_FALSE) {
                throw refused(parser, boolean[].class, values, count, "true or false is expected, not " + token);
            }
            if (count == values.length) {
                values = Arrays.copyOf(values, count * 2);
            }
            values[count++] = token == JsonToken.VALUE_TRUE;
        }
        return Arrays.copyOf(values, count);
    }

    private static JsonMappingException refused(JsonParser parser, Class<?> type, Object array, int index,
                                                String message) {
        return JsonMappingException.wrapWithPath(MismatchedInputException.from(parser, type, message), array, index);
    }
}
