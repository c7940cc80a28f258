package dev.mlops.core.host;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.mlops.core.onnx.ColumnType;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Binds a request's {@code data} for an ONNX model: each column the model takes straight into the primitive array of
 * its graph input's type ({@code float[]}, {@code double[]}, {@code long[]}, {@code boolean[]}), with the host's
 * checks of numbers that do not fit; other fields are passed over, as a Java model's map would ignore them.
 */
final class OnnxColumns extends JsonDeserializer<Map<String, Object>> {

    private final Map<String, ColumnType> columns;

    OnnxColumns(Map<String, ColumnType> columns) {
        this.columns = Map.copyOf(columns);
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
            if (type == null) {
                parser.skipChildren();
                continue;
            }
            if (token != JsonToken.START_ARRAY) {
                throw MismatchedInputException.from(parser, type.arrayType(), "input " + name + " must be a list of"
                        + " " + type.datatype() + " values, one a row");
            }
            Object column = context.readValue(parser, type.arrayType());
            if (type == ColumnType.BOOL && column == null) {
                throw MismatchedInputException.from(parser, type.arrayType(), "input " + name + " has no values");
            }
            values.put(name, column);
        }
        return values;
    }
}
