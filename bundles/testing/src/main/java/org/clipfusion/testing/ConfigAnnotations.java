package org.clipfusion.testing;

import java.lang.reflect.Array;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;

/**
 * Instances of configuration annotation types, as SCR would build them: each member returns its override when one is
 * given, else its declared default (null for a member without one). Overrides are given in the member's own type (a
 * String for a String[] member becomes a one-element array, as DS converts it).
 */
public final class ConfigAnnotations {
    private ConfigAnnotations() {
    }

    /** {@code type} with the given member values ({@code "name", value, ...}) over its declared defaults. */
    public static <A> A of(Class<A> type, Object... keysAndValues) {
        Map<String, Object> overrides = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            overrides.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return of(type, overrides);
    }

    /** {@code type} with the given member values over its declared defaults. */
    public static <A> A of(Class<A> type, Map<String, ?> values) {
        Map<String, Object> overrides = new HashMap<>(values);
        for (String key : overrides.keySet()) {
            try {
                type.getMethod(key);
            } catch (NoSuchMethodException e) {
                throw new IllegalArgumentException(type.getSimpleName() + " has no member '" + key + "'");
            }
        }
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> valueOf(type, method, overrides)));
    }

    private static Object valueOf(Class<?> type, Method method, Map<String, Object> overrides) {
        switch (method.getName()) {
            case "annotationType":
                return type;
            case "toString":
                return type.getSimpleName() + overrides;
            case "hashCode":
                return overrides.hashCode();
            case "equals":
                return false;
            default:
                break;
        }
        if (!overrides.containsKey(method.getName())) {
            return method.getDefaultValue();
        }
        Object value = overrides.get(method.getName());
        if (method.getReturnType().isArray() && value != null && !value.getClass().isArray()) {
            Object array = Array.newInstance(method.getReturnType().getComponentType(), 1);
            Array.set(array, 0, value);
            return array;
        }
        return value;
    }
}
