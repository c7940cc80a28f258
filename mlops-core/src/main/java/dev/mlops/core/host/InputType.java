package dev.mlops.core.host;

import dev.mlops.api.PredictionModel;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.util.HashMap;
import java.util.Map;

/**
 * Finds the type a model declares for a request's {@code data}: the first type argument of
 * {@link PredictionModel}, through generic superclasses and interfaces. A model that leaves it open gets a map.
 */
final class InputType {

    private static final Type DEFAULT = new ParameterizedType() {
        @Override
        public Type[] getActualTypeArguments() {
            return new Type[] {String.class, Object.class};
        }

        @Override
        public Type getRawType() {
            return Map.class;
        }

        @Override
        public Type getOwnerType() {
            return null;
        }
    };

    private InputType() {
    }

    static Type of(Class<?> modelClass) {
        Type found = find(modelClass, new HashMap<>());
        return found == null || found instanceof TypeVariable<?> || found == Object.class ? DEFAULT : found;
    }

    private static Type find(Type type, Map<TypeVariable<?>, Type> bindings) {
        Class<?> raw;
        if (type instanceof ParameterizedType parameterized) {
            raw = (Class<?>) parameterized.getRawType();
            TypeVariable<?>[] variables = raw.getTypeParameters();
            Type[] arguments = parameterized.getActualTypeArguments();
            for (int i = 0; i < variables.length; i++) {
                bindings.put(variables[i], resolve(arguments[i], bindings));
            }
        } else if (type instanceof Class<?> plain) {
            raw = plain;
        } else {
            return null;
        }
        if (raw == PredictionModel.class) {
            return resolve(PredictionModel.class.getTypeParameters()[0], bindings);
        }
        for (Type implemented : raw.getGenericInterfaces()) {
            Type found = find(implemented, bindings);
            if (found != null) {
                return found;
            }
        }
        return raw.getGenericSuperclass() == null ? null : find(raw.getGenericSuperclass(), bindings);
    }

    private static Type resolve(Type type, Map<TypeVariable<?>, Type> bindings) {
        return type instanceof TypeVariable<?> variable && bindings.containsKey(variable) ? bindings.get(variable) : type;
    }
}
