package dev.mlops.core.onnx;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.TensorInfo;
import java.util.Optional;

/**
 * The element types an ONNX model's inputs may have, each with the Java array a request's column becomes and the
 * Open Inference Protocol's name for it.
 */
public enum ColumnType {
    FLOAT("FP32", float[].class),
    DOUBLE("FP64", double[].class),
    INT64("INT64", long[].class),
    BOOL("BOOL", boolean[].class);

    private final String datatype;
    private final Class<?> arrayType;

    ColumnType(String datatype, Class<?> arrayType) {
        this.datatype = datatype;
        this.arrayType = arrayType;
    }

    /** @return the Open Inference Protocol's datatype, such as {@code FP32} */
    public String datatype() {
        return datatype;
    }

    /** @return the primitive array a column of this type is given as */
    public Class<?> arrayType() {
        return arrayType;
    }

    /** @return the type of a tensor, or empty when it is none of the four */
    static Optional<ColumnType> of(TensorInfo tensor) {
        return of(tensor.type);
    }

    static Optional<ColumnType> of(OnnxJavaType type) {
        return switch (type) {
            case FLOAT -> Optional.of(FLOAT);
            case DOUBLE -> Optional.of(DOUBLE);
            case INT64 -> Optional.of(INT64);
            case BOOL -> Optional.of(BOOL);
            default -> Optional.empty();
        };
    }

    /** @return a tensor type as ONNX names it ({@code tensor(float)}) */
    static String describe(TensorInfo tensor) {
        return "tensor(" + tensor.onnxType.name().replace("ONNX_TENSOR_ELEMENT_DATA_TYPE_", "").toLowerCase() + ")";
    }
}
