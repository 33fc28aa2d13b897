package com.suresoft.ams.operator.validation;

import com.suresoft.ams.clusterrules.FieldError;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks the same {@code @Required/@Min/@Max/@Pattern/@Size} annotations the CRD schema is
 * generated from, so an object the API server did not validate (an old CRD, a mock, an offline
 * file) is held to the same rules. Reading the annotations, not a copy of them, keeps the two in
 * step.
 */
final class SchemaConstraints {

  private static final String API_PACKAGE = "com.suresoft.ams.operator.api.";

  /** The API's patterns, compiled once: validation runs on every reconciliation. */
  private static final Map<String, java.util.regex.Pattern> COMPILED = new ConcurrentHashMap<>();

  private SchemaConstraints() {}

  static List<FieldError> check(Object spec, String path) {
    var errors = new ArrayList<FieldError>();
    walk(spec, path, errors);
    return errors;
  }

  private static void walk(Object node, String path, List<FieldError> errors) {
    if (node == null
        || node.getClass().isEnum()
        || !node.getClass().getName().startsWith(API_PACKAGE)) {
      return;
    }
    for (Class<?> type = node.getClass(); type != Object.class; type = type.getSuperclass()) {
      for (Field field : type.getDeclaredFields()) {
        if (Modifier.isStatic(field.getModifiers())) {
          continue;
        }
        field.setAccessible(true);
        Object value;
        try {
          value = field.get(node);
        } catch (IllegalAccessException e) {
          throw new IllegalStateException(e);
        }
        String fieldPath = path + "." + field.getName();
        checkField(field, value, fieldPath, errors);
        if (value instanceof Collection<?> items) {
          int i = 0;
          for (Object item : items) {
            walk(item, fieldPath + "[" + i++ + "]", errors);
          }
        } else if (value instanceof Map<?, ?> map) {
          map.forEach((k, v) -> walk(v, fieldPath + "." + k, errors));
        } else {
          walk(value, fieldPath, errors);
        }
      }
    }
  }

  private static void checkField(Field field, Object value, String path, List<FieldError> errors) {
    if (value == null) {
      if (field.isAnnotationPresent(Required.class)) {
        errors.add(new FieldError(path, "is required"));
      }
      return;
    }
    var min = field.getAnnotation(Min.class);
    if (min != null && value instanceof Number n && n.doubleValue() < min.value()) {
      errors.add(new FieldError(path, "must be at least " + format(min.value()) + ", got " + n));
    }
    var max = field.getAnnotation(Max.class);
    if (max != null && value instanceof Number n && n.doubleValue() > max.value()) {
      errors.add(new FieldError(path, "must be at most " + format(max.value()) + ", got " + n));
    }
    var pattern = field.getAnnotation(Pattern.class);
    if (pattern != null
        && value instanceof String s
        && !COMPILED
            .computeIfAbsent(pattern.value(), java.util.regex.Pattern::compile)
            .matcher(s)
            .find()) {
      errors.add(new FieldError(path, "\"" + s + "\" does not match " + pattern.value()));
    }
    var size = field.getAnnotation(Size.class);
    if (size != null && value instanceof Collection<?> c) {
      if (c.size() < size.min()) {
        errors.add(new FieldError(path, "needs at least " + size.min() + " item(s)"));
      }
      if (c.size() > size.max()) {
        errors.add(new FieldError(path, "allows at most " + size.max() + " items"));
      }
    }
  }

  private static String format(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }
}
