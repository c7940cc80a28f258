package dev.mlops.core.host;

import com.fasterxml.jackson.core.ErrorReportConfiguration;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.deser.std.NumberDeserializers;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.util.ArrayBuilders;
import com.fasterxml.jackson.databind.module.SimpleModule;
import dev.mlops.core.json.Json;
import java.io.IOException;

/**
 * JSON as the host reads requests: {@link Json#DATA}, made strict about what a caller may send. A key given twice,
 * nesting deeper than {@link #MAX_NESTING}, a decimal number into an integer field, a whole number beyond a
 * {@code long} or a decimal beyond the range into a {@code double} or {@code float} field (as {@code Double},
 * {@code double}, {@code double[]}, {@code Float}, {@code float} or {@code float[]}, and in lists and maps of them) are
 * refused, not guessed at; error messages quote at most a few characters of the input. A field of type
 * {@code Object} or {@code Number} takes the number as JSON has it, but not a decimal beyond the range of a double.
 */
final class HostJson {

    /** The deepest nesting of arrays and objects a request may have. */
    static final int MAX_NESTING = 64;

    /** The base every loaded function copies its mapper from. */
    static final ObjectMapper REQUESTS = strict(Json.DATA.copy());

    private HostJson() {
    }

    private static ObjectMapper strict(ObjectMapper mapper) {
        JsonFactory factory = mapper.getFactory();
        factory.setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING).build());
        factory.setErrorReportConfiguration(ErrorReportConfiguration.builder().maxErrorTokenLength(40)
                .maxRawContentLength(0).build());
        factory.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION.mappedFeature());
        SimpleModule numbers = new SimpleModule("mlops-numbers-that-fit");
        numbers.addDeserializer(Double.class, new FittingDouble(Double.class, null));
        numbers.addDeserializer(Double.TYPE, new FittingDouble(Double.TYPE, 0.0));
        numbers.addDeserializer(Float.class, new FittingFloat(Float.class, null));
        numbers.addDeserializer(Float.TYPE, new FittingFloat(Float.TYPE, 0.0f));
        numbers.addDeserializer(double[].class, new FittingDoubles());
        numbers.addDeserializer(float[].class, new FittingFloats());
        // Also what an Object field (a Map<String, Object> model) takes for a number.
        @SuppressWarnings("unchecked")
        Class<Object> number = (Class<Object>) (Class<?>) Number.class;
        numbers.addDeserializer(number, new FittingNumber());
        return mapper.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT).registerModule(numbers);
    }

    /**
     * @return why a number token of the request does not fit a {@code double} or {@code float} field, or null when it
     *         does: a whole number beyond a {@code long} (a double would hold it only approximately), or a decimal
     *         beyond the range (which the parser reads as infinity)
     */
    private static String misfit(JsonParser parser, double value, String type, String range) throws IOException {
        if (parser.hasToken(JsonToken.VALUE_NUMBER_INT) && parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
            return "the whole number of " + parser.getTextLength() + " digits is beyond the range of a long, and a "
                    + type + " holds it only approximately; send it as a decimal, such as 1.5e79";
        }
        if (Double.isInfinite(value) && (parser.hasToken(JsonToken.VALUE_NUMBER_FLOAT)
                || parser.hasToken(JsonToken.VALUE_NUMBER_INT))) {
            return ErrorText.clip(parser.getText(), 24) + " is beyond the range of a " + type + " (about " + range
                    + ")";
        }
        return null;
    }

    private static IOException misfitError(JsonParser parser, Class<?> type, String why) {
        return MismatchedInputException.from(parser, type, why);
    }

    /** A {@code double} from a number of the request, refused when it does not fit. */
    private static final class FittingDouble extends NumberDeserializers.DoubleDeserializer {
        private static final long serialVersionUID = 1L;

        FittingDouble(Class<Double> type, Double nullValue) {
            super(type, nullValue);
        }

        @Override
        public Double deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            Double value = super.deserialize(parser, context);
            String why = value == null ? null : misfit(parser, value, "double", "±1.8e308");
            if (why != null) {
                throw misfitError(parser, Double.class, why);
            }
            return value;
        }
    }

    /** A {@code float} from a number of the request, refused when it does not fit. */
    private static final class FittingFloat extends NumberDeserializers.FloatDeserializer {
        private static final long serialVersionUID = 1L;

        FittingFloat(Class<Float> type, Float nullValue) {
            super(type, nullValue);
        }

        @Override
        public Float deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            Float value = super.deserialize(parser, context);
            String why = value == null ? null : misfit(parser, value, "float", "±3.4e38");
            if (why != null) {
                throw misfitError(parser, Float.class, why);
            }
            return value;
        }
    }

    /**
     * A number for a field typed {@code Number} or {@code Object}: as JSON has it (an integer as Integer, Long or
     * BigInteger, a decimal as Double), but a decimal beyond the range of a double is refused, not made infinite.
     */
    private static final class FittingNumber extends NumberDeserializers.NumberDeserializer {
        private static final long serialVersionUID = 1L;

        @Override
        public Object deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (parser.hasToken(JsonToken.VALUE_NUMBER_FLOAT) && !context.isEnabled(
                    com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)) {
                double value = parser.getDoubleValue();
                if (Double.isInfinite(value)) {
                    throw misfitError(parser, Number.class, ErrorText.clip(parser.getText(), 24)
                            + " is beyond the range of a double (about ±1.8e308)");
                }
                return value;
            }
            return super.deserialize(parser, context);
        }
    }

    /** A {@code double[]} from an array of numbers, each refused when it does not fit. */
    private static final class FittingDoubles extends StdDeserializer<double[]> {
        private static final long serialVersionUID = 1L;

        FittingDoubles() {
            super(double[].class);
        }

        @Override
        public double[] deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (!parser.isExpectedStartArrayToken()) {
                return (double[]) context.handleUnexpectedToken(double[].class, parser);
            }
            ArrayBuilders.DoubleBuilder builder = context.getArrayBuilders().getDoubleBuilder();
            double[] chunk = builder.resetAndStart();
            int index = 0;
            for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
                if (token != JsonToken.VALUE_NUMBER_FLOAT && token != JsonToken.VALUE_NUMBER_INT) {
                    throw JsonMappingException.wrapWithPath(MismatchedInputException.from(parser, double.class,
                            "a number is expected, not " + token), chunk, builder.bufferedSize() + index);
                }
                double value = parser.getDoubleValue();
                String why = misfit(parser, value, "double", "±1.8e308");
                if (why != null) {
                    throw JsonMappingException.wrapWithPath(misfitError(parser, double.class, why), chunk,
                            builder.bufferedSize() + index);
                }
                if (index >= chunk.length) {
                    chunk = builder.appendCompletedChunk(chunk, index);
                    index = 0;
                }
                chunk[index++] = value;
            }
            return builder.completeAndClearBuffer(chunk, index);
        }
    }

    /** A {@code float[]} from an array of numbers, each refused when it does not fit a float. */
    private static final class FittingFloats extends StdDeserializer<float[]> {
        private static final long serialVersionUID = 1L;

        FittingFloats() {
            super(float[].class);
        }

        @Override
        public float[] deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (!parser.isExpectedStartArrayToken()) {
                return (float[]) context.handleUnexpectedToken(float[].class, parser);
            }
            ArrayBuilders.FloatBuilder builder = context.getArrayBuilders().getFloatBuilder();
            float[] chunk = builder.resetAndStart();
            int index = 0;
            for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
                if (token != JsonToken.VALUE_NUMBER_FLOAT && token != JsonToken.VALUE_NUMBER_INT) {
                    throw JsonMappingException.wrapWithPath(MismatchedInputException.from(parser, float.class,
                            "a number is expected, not " + token), chunk, builder.bufferedSize() + index);
                }
                float value = parser.getFloatValue();
                String why = misfit(parser, value, "float", "±3.4e38");
                if (why != null) {
                    throw JsonMappingException.wrapWithPath(misfitError(parser, float.class, why), chunk,
                            builder.bufferedSize() + index);
                }
                if (index >= chunk.length) {
                    chunk = builder.appendCompletedChunk(chunk, index);
                    index = 0;
                }
                chunk[index++] = value;
            }
            return builder.completeAndClearBuffer(chunk, index);
        }
    }
}
