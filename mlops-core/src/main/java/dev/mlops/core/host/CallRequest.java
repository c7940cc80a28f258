package dev.mlops.core.host;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.util.JsonParserDelegate;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.JsonMappingException;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A request's {@code data}, bound to the model's type straight from the bytes it came in, in one pass: the parser
 * the model's type is bound from notes the names of {@code data}'s inputs on the way, which {@code required_input}
 * is then checked against.
 */
abstract class CallRequest {

    /**
     * @return whether the caller asked for the result as a file
     */
    abstract boolean toFile();

    /**
     * Binds {@code data} and hands the names of its inputs to {@code inputNames}.
     *
     * @return {@code data} bound by {@code reader}
     */
    abstract Object bind(ObjectReader reader, Set<String> inputNames) throws IOException;

    /**
     * Checked only once binding failed, to tell a broken body from data of the wrong shape.
     *
     * @return the error that reading the request's JSON alone meets (a syntax error, or a limit of the host such as
     *         its nesting depth), if it meets one
     */
    abstract Optional<IOException> syntaxError();

    /**
     * @return where {@code data} lies in the body, once it was bound from it (so the bytes there are JSON); null
     *         before, for data that came as a tree, or when it is not an object or an array
     */
    CallResult.Span dataSpan() {
        return null;
    }

    /** A call's body: {@code {"data": …, "to_file": false}}. */
    static CallRequest parse(byte[] body) throws CallFailure {
        return new Body(body);
    }

    /** Data that is already a tree, such as the columns of an Open Inference request. */
    static CallRequest of(JsonNode data) {
        return new CallRequest() {
            @Override
            boolean toFile() {
                return false;
            }

            @Override
            Optional<IOException> syntaxError() {
                return Optional.empty();
            }

            @Override
            String root() {
                return "";
            }

            @Override
            Object bind(ObjectReader reader, Set<String> inputNames) throws IOException {
                data.fieldNames().forEachRemaining(inputNames::add);
                // A tree's values were checked against their datatypes already.
                return reader.readValue(reader.treeAsTokens(data));
            }
        };
    }

    /** Reads the envelope around {@code data} and binds {@code data} in the same pass. */
    private static final class Body extends CallRequest {
        private final byte[] body;
        private boolean toFile;
        private volatile CallResult.Span dataSpan;

        Body(byte[] body) {
            this.body = body;
        }

        @Override
        boolean toFile() {
            return toFile;
        }

        @Override
        String root() {
            return "data";
        }

        @Override
        Optional<IOException> syntaxError() {
            try (JsonParser parser = HostJson.REQUESTS.getFactory().createParser(body)) {
                while (parser.nextToken() != null) {
                    parser.skipChildren();
                }
                return Optional.empty();
            } catch (IOException e) {
                return Optional.of(e);
            }
        }

        @Override
        Object bind(ObjectReader reader, Set<String> inputNames) throws IOException {
            Object data = null;
            boolean seen = false;
            CallResult.Span span = null;
            try (JsonParser parser = reader.createParser(body)) {
                if (parser.nextToken() != JsonToken.START_OBJECT) {
                    throw new NotACall();
                }
                for (String field = parser.nextFieldName(); field != null; field = parser.nextFieldName()) {
                    JsonToken value = parser.nextToken();
                    if (field.equals("data")) {
                        seen = true;
                        long start = parser.currentTokenLocation().getByteOffset();
                        data = value == JsonToken.START_OBJECT
                                ? reader.readValue(new InputNames(parser, inputNames)) : reader.readValue(parser);
                        long end = parser.currentLocation().getByteOffset();
                        span = (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY)
                                && start >= 0 && end > start && end <= body.length
                                ? new CallResult.Span((int) start, (int) end) : null;
                    } else if (field.equals("to_file")) {
                        toFile = value == JsonToken.VALUE_TRUE;
                    } else {
                        parser.skipChildren();
                    }
                }
                if (parser.nextToken() != null) {
                    throw new NotACall();
                }
            }
            // Only a body read to its end: its data is known to be JSON.
            dataSpan = span;
            return seen ? data : reader.readValue(reader.createParser("null"));
        }

        @Override
        CallResult.Span dataSpan() {
            return dataSpan;
        }
    }

    /** Notes the field names one level into the object it starts on, as the binding reads past them. */
    private static final class InputNames extends JsonParserDelegate {
        private final Set<String> names;
        private final JsonStreamContext data;

        InputNames(JsonParser parser, Set<String> names) {
            super(parser);
            this.names = names;
            this.data = parser.getParsingContext();
        }

        @Override
        public JsonToken nextToken() throws IOException {
            JsonToken token = super.nextToken();
            if (token == JsonToken.FIELD_NAME && delegate.getParsingContext() == data) {
                names.add(delegate.currentName());
            }
            return token;
        }

        @Override
        public String nextFieldName() throws IOException {
            String name = super.nextFieldName();
            if (name != null && delegate.getParsingContext() == data) {
                names.add(name);
            }
            return name;
        }

        @Override
        public boolean nextFieldName(SerializableString expected) throws IOException {
            boolean matched = super.nextFieldName(expected);
            if (delegate.currentToken() == JsonToken.FIELD_NAME && delegate.getParsingContext() == data) {
                names.add(delegate.currentName());
            }
            return matched;
        }
    }

    /**
     * @return where a parser is in the request, as {@code data.ACS[2]} or {@code data.well.depth}
     */
    static String path(JsonStreamContext context) {
        java.util.ArrayDeque<String> parts = new java.util.ArrayDeque<>();
        for (JsonStreamContext at = context; at != null; at = at.getParent()) {
            if (at.inArray()) {
                parts.addFirst("[" + Math.max(at.getCurrentIndex(), 0) + "]");
            } else if (at.inObject() && at.getCurrentName() != null) {
                parts.addFirst("." + at.getCurrentName());
            }
        }
        return clipPath(String.join("", parts));
    }

    /**
     * @param root       where the references start, such as {@code data}
     * @param references where a binding failed, from where it started
     * @return the path, as {@link #path(JsonStreamContext)} gives it
     */
    static String path(String root, List<JsonMappingException.Reference> references) {
        StringBuilder path = new StringBuilder(root);
        for (JsonMappingException.Reference reference : references) {
            if (reference.getFieldName() != null) {
                path.append('.').append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return clipPath(path.toString());
    }

    private static String clipPath(String path) {
        return ErrorText.clip(path.startsWith(".") ? path.substring(1) : path, 80);
    }

    /**
     * @return where {@code data} is in the request: {@code data} in a call's body, nothing in a tree of inputs
     */
    abstract String root();

    /** A body that is JSON but not a call envelope. */
    static final class NotACall extends IOException {
        private static final long serialVersionUID = 1L;

        NotACall() {
            super("a call's body is a JSON object: {\"data\": …, \"to_file\": false}", null);
        }
    }
}
