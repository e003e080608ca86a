package io.cjm.k8s;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Finds the fields of a parsed manifest that the Kubernetes model does not know: the model keeps them in
 * "additionalProperties" instead of failing, and the API server would drop or reject them (a misspelled
 * readinessProbe, a key indented one level too deep).
 */
final class ModelCheck {

    private ModelCheck() {
    }

    /** Paths of the unknown fields in {@code object}; empty when every field is a known one. */
    static List<String> unknownFields(Object object) {
        List<String> unknown = new ArrayList<>();
        walk(object, object.getClass().getSimpleName(), unknown);
        return unknown;
    }

    private static void walk(Object value, String path, List<String> unknown) {
        if (value == null) {
            return;
        }
        if (value instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                walk(item, path + "[" + i++ + "]", unknown);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> walk(v, path + "." + k, unknown));
            return;
        }
        if (value instanceof GenericKubernetesResource || !value.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
            return; // a custom resource has no model to check against; strings and numbers are leaves
        }
        for (Class<?> c = value.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers())) {
                    continue;
                }
                field.setAccessible(true);
                Object fieldValue;
                try {
                    fieldValue = field.get(value);
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
                if (field.getName().equals("additionalProperties")) {
                    if (fieldValue instanceof Map<?, ?> extra && !extra.isEmpty()) {
                        extra.keySet().forEach(k -> unknown.add(path + "." + k));
                    }
                } else {
                    walk(fieldValue, path + "." + field.getName(), unknown);
                }
            }
        }
    }
}
