package com.suresoft.ams.operator.cache;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.MapType;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;

/**
 * The operator client's serialization, which hands out one copy of each short string it reads again
 * and again, rather than a new copy per object.
 *
 * <p>Why: the informers hold every object of every instance, and most of their strings repeat: the
 * namespace, the instance's name and uid in every label and owner reference, label values, API
 * versions, images, mount paths, the same in every instance. At 200 Production instances strings
 * were half of the operator's heap per instance (BENCHMARKS.md, #19). Jackson already shares the
 * names of fields and map keys; this shares the values ({@link RepeatedStrings}).
 *
 * <p>Long strings are shared too, in a small table of their own: the scripts and configuration
 * files of an instance's ConfigMaps (entrypoints, {@code tls-watch.sh} three times, the dashboard)
 * are the same in every instance, about 35 KB of each Production instance's heap. Certificates and
 * keys, unique, pass through that table without staying long; what is longer than {@link
 * #MAX_LONG_LENGTH} is left alone, so that the table never holds much that nobody reads.
 *
 * <p>Equal maps of strings (labels, annotations, selectors) are one unmodifiable map as well
 * ({@link SharingStringMaps}).
 *
 * <p>And one more thing every object repeats: each fabric8 model object (an ObjectMeta, each
 * Volume, EnvVar, Quantity) comes with a map of unknown fields, nearly always empty, about 1,400
 * maps per Production instance. An empty one is replaced by the one shared immutable empty map
 * ({@link #EMPTY_UNKNOWN_FIELDS}). Nobody adds unknown fields to an object read from the server (a
 * cached object is never changed, JOSDK's rule); a builder made from one copies the map.
 */
public final class SharedStrings extends KubernetesSerialization {

  /** Strings up to this length share the large table. */
  static final int MAX_LENGTH = 256;

  /** Longer strings up to this length share the small table; longer ones are not shared. */
  static final int MAX_LONG_LENGTH = 16 * 1024;

  /** {@code builder} with this serialization: how the operator's client is built. */
  public static KubernetesClientBuilder in(KubernetesClientBuilder builder) {
    return builder.withKubernetesSerialization(new SharedStrings());
  }

  static final Map<String, Object> EMPTY_UNKNOWN_FIELDS = Map.of();

  @Override
  protected void configureMapper(ObjectMapper mapper) {
    super.configureMapper(mapper);
    mapper.registerModule(
        new SimpleModule("ams-shared-strings")
            .addDeserializer(String.class, new RepeatedStrings())
            .setDeserializerModifier(
                new BeanDeserializerModifier() {
                  @Override
                  public JsonDeserializer<?> modifyDeserializer(
                      DeserializationConfig config,
                      BeanDescription bean,
                      JsonDeserializer<?> deserializer) {
                    return UnknownFields.of(bean.getBeanClass())
                        .<JsonDeserializer<?>>map(u -> new SharingUnknownFields(deserializer, u))
                        .orElse(deserializer);
                  }

                  @Override
                  public JsonDeserializer<?> modifyMapDeserializer(
                      DeserializationConfig config,
                      MapType type,
                      BeanDescription bean,
                      JsonDeserializer<?> deserializer) {
                    return type.getKeyType().hasRawClass(String.class)
                            && type.getContentType().hasRawClass(String.class)
                        ? new SharingStringMaps(deserializer, stringMaps)
                        : deserializer;
                  }
                }));
  }

  /**
   * Maps of strings (labels, annotations, selectors, a ConfigMap's files) that many objects repeat:
   * the 70-odd objects of every instance carry the same few dozen label and selector maps.
   */
  private final SharedParts stringMaps = new SharedParts(14);

  /**
   * A map of strings as read, then the unmodifiable copy of an equal map read before.
   *
   * <p>Unmodifiable, because one map now belongs to many objects: a change to one object's labels
   * would change them all, so it fails instead. Nobody changes an object read from the server (a
   * cached object is never changed, JOSDK's rule); a builder made from one copies its maps, so
   * building and editing works as before. A Secret's data and stringData are its own and never
   * repeat: they are left as read and stay out of the table.
   */
  private static final class SharingStringMaps extends DelegatingDeserializer {
    private final SharedParts table;

    SharingStringMaps(JsonDeserializer<?> delegate, SharedParts table) {
      super(delegate);
      this.table = table;
    }

    @Override
    protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> delegate) {
      return new SharingStringMaps(delegate, table);
    }

    @Override
    public JsonDeserializer<?> createContextual(DeserializationContext ctxt, BeanProperty property)
        throws JsonMappingException {
      var contextual = super.createContextual(ctxt, property);
      if (property != null
          && property.getMember() != null
          && property.getMember().getDeclaringClass() == Secret.class) {
        return ((DelegatingDeserializer) contextual).getDelegatee();
      }
      return contextual;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Object deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      Object map = super.deserialize(p, ctxt);
      return map == null
          ? null
          : table.share(Collections.unmodifiableMap((Map<String, String>) map));
    }
  }

  /**
   * The accessors of a model class's map of unknown fields, as method handles of type {@code
   * (Object)Object} and {@code (Object,Object)void} (called for every object read, so not through
   * reflection's {@code invoke}).
   */
  private record UnknownFields(MethodHandle get, MethodHandle set) {
    static Optional<UnknownFields> of(Class<?> type) {
      if (!type.getName().startsWith("io.fabric8.")) {
        return Optional.empty();
      }
      try {
        var get = type.getMethod("getAdditionalProperties");
        var set = type.getMethod("setAdditionalProperties", Map.class);
        if (get.getReturnType() != Map.class) {
          return Optional.empty();
        }
        var lookup = MethodHandles.publicLookup();
        return Optional.of(
            new UnknownFields(
                lookup.unreflect(get).asType(MethodType.methodType(Object.class, Object.class)),
                lookup
                    .unreflect(set)
                    .asType(MethodType.methodType(void.class, Object.class, Object.class))));
      } catch (NoSuchMethodException | IllegalAccessException e) {
        return Optional.empty();
      }
    }

    void share(Object object) {
      try {
        if ((Object) get.invokeExact(object) instanceof Map<?, ?> fields
            && fields.isEmpty()
            && fields != EMPTY_UNKNOWN_FIELDS) {
          set.invokeExact(object, (Object) EMPTY_UNKNOWN_FIELDS);
        }
      } catch (Throwable e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** A model class's deserializer, then its empty map of unknown fields replaced. */
  private static final class SharingUnknownFields extends DelegatingDeserializer {
    private final UnknownFields unknownFields;

    SharingUnknownFields(JsonDeserializer<?> delegate, UnknownFields unknownFields) {
      super(delegate);
      this.unknownFields = unknownFields;
    }

    @Override
    protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> delegate) {
      return new SharingUnknownFields(delegate, unknownFields);
    }

    @Override
    public Object deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      Object object = super.deserialize(p, ctxt);
      if (object != null) {
        unknownFields.share(object);
      }
      return object;
    }
  }

  /**
   * Jackson's own string deserializer, returning the copy of what it read that it handed out last
   * time, if that copy is still in its table. Jackson uses it for string properties, string values
   * of maps, and the strings of untyped values (the content of GenericKubernetesResource and of
   * {@code fieldsV1}).
   *
   * <p>The table is direct-mapped (a string's slot is fixed by its hash, a newer string takes the
   * slot of an older one), so it never grows and holds nothing for long that is not read again; its
   * slots are read and written without locks, and a lost race only costs a second copy. Measured
   * against {@code String.intern} (15,000 Deployments read, warm): {@code String.intern} made
   * reading them about 55 % slower than Jackson alone, this table and the shared empty maps
   * together about 20 % (BENCHMARKS.md, session 11).
   */
  static final class RepeatedStrings extends StringDeserializer {
    /** 64Ki slots: the strings of 1,000 instances that repeat fit with few collisions. */
    private final String[] table = new String[1 << 16];

    /**
     * 1Ki slots for long strings: the few dozen files every instance repeats, and room for the
     * unique ones passing through (at most 16 MiB held, were every slot a 16 KiB string).
     */
    private final String[] longTable = new String[1 << 10];

    @Override
    public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      return shared(super.deserialize(p, ctxt));
    }

    String shared(String value) {
      if (value == null || value.length() > MAX_LONG_LENGTH) {
        return value;
      }
      return shared(value.length() <= MAX_LENGTH ? table : longTable, value);
    }

    private static String shared(String[] slots, String value) {
      int h = value.hashCode();
      int slot = (h ^ (h >>> 16)) & (slots.length - 1);
      String known = slots[slot];
      if (value.equals(known)) {
        return known;
      }
      slots[slot] = value;
      return value;
    }
  }
}
