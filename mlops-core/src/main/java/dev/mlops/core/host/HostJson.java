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
import com.fasterxml.jackson.databind.deser.std.NumberDeserializers;
import com.fasterxml.jackson.databind.module.SimpleModule;
import dev.mlops.core.json.Json;
import java.io.IOException;

/**
 * JSON as the host reads requests: {@link Json#DATA}, made strict about what a caller may send. A key given twice,
 * nesting deeper than {@link #MAX_NESTING}, a decimal number into an integer field, or a number beyond the range of
 * a {@code float} field is refused, not guessed at; error messages quote at most a few characters of the input.
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
        SimpleModule floats = new SimpleModule("mlops-finite-floats");
        floats.addDeserializer(Float.class, new FiniteFloat(Float.class, null));
        floats.addDeserializer(Float.TYPE, new FiniteFloat(Float.TYPE, 0.0f));
        return mapper.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT).registerModule(floats);
    }

    /** A {@code float} from a number of the request: one beyond the float range is refused, not made infinite. */
    private static final class FiniteFloat extends NumberDeserializers.FloatDeserializer {
        private static final long serialVersionUID = 1L;

        FiniteFloat(Class<Float> type, Float nullValue) {
            super(type, nullValue);
        }

        @Override
        public Float deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            Float value = super.deserialize(parser, context);
            if (value != null && value.isInfinite() && parser.hasToken(JsonToken.VALUE_NUMBER_FLOAT)
                    || value != null && value.isInfinite() && parser.hasToken(JsonToken.VALUE_NUMBER_INT)) {
                throw context.weirdNumberException(parser.getNumberValue(), Float.class,
                        "beyond the range of a float (about ±3.4e38)");
            }
            return value;
        }
    }
}
