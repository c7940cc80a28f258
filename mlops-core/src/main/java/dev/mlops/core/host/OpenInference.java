package dev.mlops.core.host;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.core.bundle.BundleDescriptor;
import dev.mlops.core.onnx.TensorSpec;
import dev.mlops.core.json.Json;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The Open Inference Protocol V2 (KServe's REST predict protocol) over the model contract: each input tensor becomes
 * a column of the request's {@code data} under the tensor's name, shaped by its {@code shape}; each field of the
 * prediction becomes an output tensor.
 */
final class OpenInference {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private OpenInference() {
    }

    /** The most dimensions a tensor of a request may have. */
    static final int MAX_DIMENSIONS = 16;

    /**
     * @param request an inference request: {@code {"id"?, "inputs": [{"name", "shape", "datatype", "data"}]}}
     * @return the request's data as the model's contract takes it: {@code {name: values}}
     * @throws CallFailure 400 when the request is not a valid inference request: every declared size (the shape,
     *                     its product, the datatype) is checked against the data before anything is made from it
     */
    static ObjectNode data(JsonNode request) throws CallFailure {
        return data(request, null);
    }

    /**
     * @param binary the binary tensor data after the request's JSON, or null when it has none
     * @see #data(JsonNode)
     */
    static ObjectNode data(JsonNode request, BinaryTensors binary) throws CallFailure {
        JsonNode inputs = request == null ? null : request.get("inputs");
        if (inputs == null || !inputs.isArray() || inputs.isEmpty()) {
            throw new CallFailure(400, "an inference request needs \"inputs\": a list of tensors, each with name,"
                    + " shape, datatype and data");
        }
        ObjectNode data = NODES.objectNode();
        for (JsonNode input : inputs) {
            JsonNode name = input.get("name");
            if (name == null || !name.isTextual() || name.asText().isEmpty()) {
                throw new CallFailure(400, "each input tensor needs a name, a shape, a datatype and data");
            }
            String tensor = name.asText();
            if (data.has(tensor)) {
                throw new CallFailure(400, "input " + tensor + " is given twice");
            }
            Tensor declared = declared(input, tensor);
            JsonNode values = input.get("data");
            JsonNode binarySize = input.path("parameters").get("binary_data_size");
            List<JsonNode> flat;
            if (binarySize != null) {
                if (binary == null) {
                    throw new CallFailure(400, "input " + tensor + " has binary_data_size, but the request has no "
                            + BinaryTensors.HEADER + " header to say where its JSON ends");
                }
                if (values != null) {
                    throw new CallFailure(400, "input " + tensor + " has both data and binary_data_size; send one");
                }
                flat = binary.read(tensor, declared, binarySize);
            } else {
                if (values == null) {
                    throw new CallFailure(400, "input " + tensor + " has no data");
                }
                flat = new ArrayList<>();
                flatten(values, flat, declared.count(), tensor);
                if (declared.count() != flat.size()) {
                    throw new CallFailure(400, "input " + tensor + " has shape " + declared.dims() + " ("
                            + declared.count() + " values) but " + flat.size() + " values");
                }
                for (int i = 0; i < flat.size(); i++) {
                    declared.type().check(flat.get(i), tensor, i);
                }
            }
            List<Integer> dims = new ArrayList<>();
            declared.dims().forEach(dim -> dims.add((int) (long) dim));
            // A column vector [n] or [n, 1] becomes a plain list, as the model's columns are.
            if (dims.size() == 2 && dims.get(1) == 1) {
                dims.remove(1);
            }
            JsonNode column;
            if (dims.isEmpty()) {
                column = flat.get(0);
            } else if (flat.isEmpty()) {
                column = NODES.arrayNode(); // an empty tensor, whatever its other dimensions
            } else {
                column = shape(flat.iterator(), dims, 0);
            }
            data.set(tensor, column);
        }
        if (binary != null) {
            binary.finish();
        }
        return data;
    }

    /** A tensor's shape and datatype as a request declares them, checked. */
    record Tensor(List<Long> dims, long count, Datatype type) {
    }

    /**
     * @return the shape and datatype of an input tensor
     * @throws CallFailure 400 naming the input when they are missing, of the wrong kind, or describe more values
     *                     than a request can hold
     */
    static Tensor declared(JsonNode input, String tensor) throws CallFailure {
        JsonNode shape = input.get("shape");
        if (shape == null || !shape.isArray() || shape.size() > MAX_DIMENSIONS) {
            throw new CallFailure(400, "input " + tensor + " needs a shape: a list of at most " + MAX_DIMENSIONS
                    + " sizes");
        }
        List<Long> dims = new ArrayList<>();
        long count = 1;
        for (JsonNode dim : shape) {
            if (!dim.isIntegralNumber() || !dim.canConvertToInt() || dim.asInt() < 0) {
                throw new CallFailure(400, "input " + tensor + " has a shape of sizes from 0 to " + Integer.MAX_VALUE
                        + ", not " + ErrorText.clip(shape.toString(), 60));
            }
            dims.add(dim.asLong());
            try {
                count = Math.multiplyExact(count, dim.asLong());
            } catch (ArithmeticException e) {
                throw new CallFailure(400, "input " + tensor + " has shape " + ErrorText.clip(shape.toString(), 60)
                        + ", more values than any request can hold");
            }
        }
        JsonNode datatype = input.get("datatype");
        if (datatype == null || !datatype.isTextual()) {
            throw new CallFailure(400, "input " + tensor + " needs a datatype: one of " + Datatype.NAMES);
        }
        Datatype type = Datatype.parse(datatype.asText()).orElseThrow(() -> new CallFailure(400, "input " + tensor
                + " has datatype " + ErrorText.clip(datatype.asText(), 20) + "; the host takes " + Datatype.NAMES));
        return new Tensor(List.copyOf(dims), count, type);
    }

    /**
     * @return the inference response for a prediction: one output tensor per field of an object prediction, or a
     *         single tensor named {@code prediction}; only those the request's {@code outputs} name when it names
     *         some, and as binary data those it asks so ({@code binary_data} per output, or
     *         {@code binary_data_output} for all)
     * @throws CallFailure 500 when the prediction holds values no tensor can carry; 400 when the request names an
     *                     output the prediction does not have
     */
    static CallResult response(BundleDescriptor descriptor, JsonNode request, JsonNode prediction)
            throws CallFailure {
        ObjectNode response = NODES.objectNode();
        response.put("model_name", descriptor.externalId());
        response.put("model_version", Integer.toString(descriptor.version()));
        JsonNode requestId = request.get("id");
        if (requestId != null && !requestId.isNull()) {
            response.set("id", requestId);
        }
        Map<String, JsonNode> produced = new java.util.LinkedHashMap<>();
        if (prediction.isObject()) {
            prediction.fields().forEachRemaining(field -> produced.put(field.getKey(), field.getValue()));
        } else {
            produced.put("prediction", prediction);
        }
        boolean allBinary = request.path("parameters").path("binary_data_output").asBoolean(false);
        Map<String, Boolean> wanted = new java.util.LinkedHashMap<>();
        JsonNode requested = request.get("outputs");
        if (requested != null && requested.isArray() && !requested.isEmpty()) {
            for (JsonNode output : requested) {
                String name = output.path("name").asText("");
                if (!produced.containsKey(name)) {
                    throw new CallFailure(400, "output " + ErrorText.clip(name, 60) + " is not among the model's"
                            + " outputs: " + String.join(", ", produced.keySet()));
                }
                wanted.put(name, allBinary || output.path("parameters").path("binary_data").asBoolean(false));
            }
        } else {
            produced.keySet().forEach(name -> wanted.put(name, allBinary));
        }
        ArrayNode outputs = response.putArray("outputs");
        List<byte[]> binary = new ArrayList<>();
        for (Map.Entry<String, Boolean> output : wanted.entrySet()) {
            outputs.add(tensor(output.getKey(), produced.get(output.getKey()), output.getValue() ? binary : null));
        }
        try {
            byte[] json = Json.DATA.writeValueAsBytes(response);
            return binary.isEmpty() ? new CallResult(200, json)
                    : new CallResult(200, BinaryTensors.body(json, binary), json.length);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new CallFailure(500, "the result cannot be written as JSON: " + e.getOriginalMessage());
        }
    }

    /** {@code GET /v2/models/{name}}: what a KServe client asks before inferring. */
    static ObjectNode metadata(BundleDescriptor descriptor) {
        ObjectNode metadata = NODES.objectNode();
        metadata.put("name", descriptor.externalId());
        metadata.putArray("versions").add(Integer.toString(descriptor.version()));
        metadata.put("platform", "mlops-jvm");
        ArrayNode inputs = metadata.putArray("inputs");
        for (String input : descriptor.requiredInput()) {
            ObjectNode tensor = inputs.addObject();
            tensor.put("name", input);
            tensor.put("datatype", "FP64");
            tensor.putArray("shape").add(-1);
        }
        metadata.putArray("outputs");
        return metadata;
    }

    /**
     * {@code GET /v2/models/{name}} of an ONNX model: the graph's inputs and outputs as it declares them, outputs
     * under their prediction keys.
     */
    static ObjectNode metadata(BundleDescriptor descriptor, List<TensorSpec> inputs, List<TensorSpec> outputs) {
        ObjectNode metadata = NODES.objectNode();
        metadata.put("name", descriptor.externalId());
        metadata.putArray("versions").add(Integer.toString(descriptor.version()));
        metadata.put("platform", "onnxruntime");
        ArrayNode inputTensors = metadata.putArray("inputs");
        inputs.forEach(tensor -> spec(inputTensors.addObject(), tensor.name(), tensor));
        ArrayNode outputTensors = metadata.putArray("outputs");
        outputs.forEach(tensor -> spec(outputTensors.addObject(),
                descriptor.outputNames() == null ? tensor.name()
                        : descriptor.outputNames().getOrDefault(tensor.name(), tensor.name()), tensor));
        return metadata;
    }

    private static void spec(ObjectNode node, String name, TensorSpec tensor) {
        node.put("name", name);
        node.put("datatype", tensor.datatype());
        ArrayNode shape = node.putArray("shape");
        tensor.shape().forEach(shape::add);
    }

    /** @param binary where to put the tensor's binary data, or null to write it as JSON */
    private static ObjectNode tensor(String name, JsonNode value, List<byte[]> binary) throws CallFailure {
        List<JsonNode> flat = new ArrayList<>();
        List<Integer> shape = new ArrayList<>();
        JsonNode level = value;
        while (level.isArray()) {
            shape.add(level.size());
            if (level.isEmpty()) {
                break;
            }
            level = level.get(0);
        }
        if (shape.isEmpty()) {
            shape.add(1);
        }
        flatten(value, flat);
        long count = shape.stream().mapToLong(Integer::longValue).reduce(1, (a, b) -> a * b);
        if (count != flat.size()) {
            throw new CallFailure(500, "output " + name + " is not rectangular, so no tensor can carry it; call"
                    + " /functions/{externalId}/call for the plain prediction");
        }
        ObjectNode tensor = NODES.objectNode();
        tensor.put("name", name);
        ArrayNode dims = tensor.putArray("shape");
        shape.forEach(dims::add);
        String datatype = datatype(flat, name);
        tensor.put("datatype", datatype);
        if (binary != null) {
            byte[] bytes = BinaryTensors.write(datatype, flat);
            tensor.putObject("parameters").put("binary_data_size", bytes.length);
            binary.add(bytes);
        } else {
            ArrayNode data = tensor.putArray("data");
            flat.forEach(data::add);
        }
        return tensor;
    }

    private static String datatype(List<JsonNode> values, String name) throws CallFailure {
        boolean integral = true;
        boolean numbers = true;
        boolean booleans = true;
        for (JsonNode value : values) {
            if (value.isContainerNode()) {
                throw new CallFailure(500, "output " + name + " holds objects, which no tensor can carry; call"
                        + " /functions/{externalId}/call for the plain prediction");
            }
            numbers &= value.isNumber();
            integral &= value.isIntegralNumber();
            booleans &= value.isBoolean();
        }
        if (values.isEmpty() || numbers && !integral) {
            return "FP64";
        }
        return numbers ? "INT64" : booleans ? "BOOL" : "BYTES";
    }

    private static void flatten(JsonNode node, List<JsonNode> into) {
        if (node.isArray()) {
            node.forEach(item -> flatten(item, into));
        } else {
            into.add(node);
        }
    }

    /** Flattens, stopping as soon as there are more values than declared. */
    private static void flatten(JsonNode node, List<JsonNode> into, long declared, String tensor)
            throws CallFailure {
        if (node.isArray()) {
            for (JsonNode item : node) {
                flatten(item, into, declared, tensor);
            }
        } else if (into.size() >= declared) {
            throw new CallFailure(400, "input " + tensor + " has more values than its shape declares (" + declared
                    + ")");
        } else {
            into.add(node);
        }
    }

    private static JsonNode shape(Iterator<JsonNode> values, List<Integer> dims, int depth) {
        ArrayNode array = NODES.arrayNode(dims.get(depth));
        for (int i = 0; i < dims.get(depth); i++) {
            array.add(depth == dims.size() - 1 ? values.next() : shape(values, dims, depth + 1));
        }
        return array;
    }
}
