package dev.mlops.core.host;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The binary tensor data extension of the Open Inference Protocol, as Triton and KServe define it: a request's body
 * is a JSON header of {@code Inference-Header-Content-Length} bytes followed by the data of each input that has a
 * {@code binary_data_size} parameter, in the order of the inputs, little-endian and row-major, without padding. No
 * number is parsed from text.
 */
final class BinaryTensors {

    /** The HTTP header naming the length of the JSON part of a body. */
    static final String HEADER = "Inference-Header-Content-Length";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final ByteBuffer data;

    /**
     * @param body       the whole body
     * @param jsonLength the length of its JSON header
     */
    BinaryTensors(byte[] body, int jsonLength) {
        this.data = ByteBuffer.wrap(body, jsonLength, body.length - jsonLength).slice().order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * @return the values of one input, read from the binary data where the previous input's ended
     * @throws CallFailure 400 naming the input when its size does not match its shape and datatype, the data is
     *                     shorter than it says, or a value does not fit the datatype
     */
    List<JsonNode> read(String tensor, OpenInference.Tensor declared, JsonNode size) throws CallFailure {
        Datatype type = declared.type();
        if (type != Datatype.FP32 && type != Datatype.FP64 && type != Datatype.INT32 && type != Datatype.INT64
                && type != Datatype.BOOL) {
            throw new CallFailure(400, "input " + tensor + " is " + type + "; binary data is taken for FP32, FP64,"
                    + " INT32, INT64 and BOOL, send " + type + " as JSON");
        }
        if (!size.isIntegralNumber() || !size.canConvertToLong() || size.asLong() < 0) {
            throw new CallFailure(400, "input " + tensor + " has binary_data_size " + ErrorText.clip(size.toString(),
                    24) + "; it is a number of bytes");
        }
        long expected;
        try {
            expected = Math.multiplyExact(declared.count(), type.size());
        } catch (ArithmeticException e) {
            expected = Long.MAX_VALUE;
        }
        if (size.asLong() != expected) {
            throw new CallFailure(400, "input " + tensor + " has binary_data_size " + size.asLong() + " but its"
                    + " shape " + declared.dims() + " of " + type + " takes " + expected + " bytes");
        }
        if (expected > data.remaining()) {
            throw new CallFailure(400, "input " + tensor + " needs " + expected + " bytes of binary data but "
                    + data.remaining() + " are left in the request");
        }
        int count = (int) declared.count();
        List<JsonNode> values = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            values.add(switch (type) {
                case FP64 -> finite(NODES.numberNode(data.getDouble()), tensor, i, type);
                case FP32 -> finite(NODES.numberNode(data.getFloat()), tensor, i, type);
                case INT64 -> NODES.numberNode(data.getLong());
                case INT32 -> NODES.numberNode(data.getInt());
                default -> bool(data.get(), tensor, i);
            });
        }
        return values;
    }

    /**
     * @throws CallFailure 400 when bytes are left that no input accounts for
     */
    void finish() throws CallFailure {
        if (data.hasRemaining()) {
            throw new CallFailure(400, data.remaining() + " bytes of binary data follow the inputs that no"
                    + " binary_data_size accounts for");
        }
    }

    private static JsonNode finite(JsonNode value, String tensor, int index, Datatype type) throws CallFailure {
        if (!Double.isFinite(value.doubleValue())) {
            throw new CallFailure(400, "input " + tensor + "[" + index + "]: " + value.doubleValue()
                    + " does not fit " + type + " as the host takes it (a finite number)");
        }
        return value;
    }

    private static JsonNode bool(byte value, String tensor, int index) throws CallFailure {
        if (value != 0 && value != 1) {
            throw new CallFailure(400, "input " + tensor + "[" + index + "]: the byte " + value + " is no BOOL"
                    + " (0 or 1)");
        }
        return NODES.booleanNode(value == 1);
    }

    /**
     * @param datatype the output's datatype, as {@link OpenInference} chose it
     * @param values   its values, flat
     * @return the values as binary tensor data
     */
    static byte[] write(String datatype, List<JsonNode> values) {
        Datatype type = Datatype.valueOf(datatype);
        if (type == Datatype.BYTES) {
            List<byte[]> texts = new ArrayList<>(values.size());
            int total = 0;
            for (JsonNode value : values) {
                byte[] text = value.asText().getBytes(StandardCharsets.UTF_8);
                texts.add(text);
                total += 4 + text.length;
            }
            ByteBuffer out = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
            texts.forEach(text -> out.putInt(text.length).put(text));
            return out.array();
        }
        ByteBuffer out = ByteBuffer.allocate(values.size() * type.size()).order(ByteOrder.LITTLE_ENDIAN);
        for (JsonNode value : values) {
            switch (type) {
                case FP64 -> out.putDouble(value.doubleValue());
                case INT64 -> out.putLong(value.longValue());
                case BOOL -> out.put((byte) (value.booleanValue() ? 1 : 0));
                default -> throw new IllegalStateException("outputs are FP64, INT64, BOOL or BYTES, not " + type);
            }
        }
        return out.array();
    }

    /** @return the body of a response: its JSON header, then each binary output in order */
    static byte[] body(byte[] json, List<byte[]> outputs) {
        int total = json.length;
        for (byte[] output : outputs) {
            total += output.length;
        }
        ByteBuffer body = ByteBuffer.allocate(total).put(json);
        outputs.forEach(body::put);
        return body.array();
    }

    /** A flat list of nodes as an array node, for callers of {@link OpenInference}. */
    static ArrayNode array(List<JsonNode> values) {
        ArrayNode array = NODES.arrayNode(values.size());
        array.addAll(values);
        return array;
    }
}
