package com.suresoft.ams.operator.cache;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Optional;

/**
 * Takes the status off an object of any kind: fabric8's model classes and custom resources have a
 * {@code setStatus} of their own type each, a generic object holds it as a property.
 */
final class Statuses {
  private Statuses() {}

  /** Each class's {@code setStatus(null)}, or empty for a class without a status. */
  private static final ClassValue<Optional<MethodHandle>> CLEAR =
      new ClassValue<>() {
        @Override
        protected Optional<MethodHandle> computeValue(Class<?> type) {
          try {
            Class<?> statusType = type.getMethod("getStatus").getReturnType();
            MethodHandle setter =
                MethodHandles.publicLookup()
                    .findVirtual(type, "setStatus", MethodType.methodType(void.class, statusType));
            return Optional.of(
                MethodHandles.insertArguments(
                    setter.asType(MethodType.methodType(void.class, Object.class, Object.class)),
                    1,
                    (Object) null));
          } catch (NoSuchMethodException | IllegalAccessException noStatus) {
            return Optional.empty();
          }
        }
      };

  /** {@code object} without its status; the same object. */
  static <R extends HasMetadata> R drop(R object) {
    if (object instanceof GenericKubernetesResource generic) {
      generic.getAdditionalProperties().remove("status");
      return object;
    }
    CLEAR
        .get(object.getClass())
        .ifPresent(
            clear -> {
              try {
                clear.invoke(object);
              } catch (Throwable e) {
                throw new IllegalStateException("clearing the status of " + object.getKind(), e);
              }
            });
    return object;
  }
}
