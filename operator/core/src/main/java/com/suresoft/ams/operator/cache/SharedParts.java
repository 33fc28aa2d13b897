package com.suresoft.ams.operator.cache;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.client.CustomResource;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Hands the parts of a cached object that other cached objects already have (a spec, a container, a
 * volume, a list of ports, a map of labels, part of a {@code fieldsV1}) the copy those objects
 * hold, so that each distinct part is held once however many objects have it.
 *
 * <p>Why: an instance's children are built from the same builders as every other instance's, and
 * most of what they hold is equal between instances (the NetworkPolicies and Services of two
 * instances differ in their metadata only; their Deployments in a few values). The informers held
 * each of them whole: about 270 KiB per Production instance after the strings and the maps of
 * strings were shared (BENCHMARKS.md, #19).
 *
 * <p>How: bottom-up, like hash-consing. A part's children are shared first, so two parts are equal
 * when they are of the same class and their children are the same objects (leaves: strings,
 * numbers, booleans, by value); comparing and hashing a part costs its own fields, not its subtree.
 * Equality is the parts' content as read, not fabric8's {@code equals}, which finds {@code 1Gi} and
 * {@code 1024Mi} equal. The table is direct-mapped and fixed in size, like {@link SharedStrings}'
 * table of strings: a part's slot is fixed by its hash and a newer part takes the slot of an older
 * one, so it never grows and holds nothing for long that is not read again; a collision only costs
 * a second copy. Slots are published with release and read with acquire semantics, so a part
 * another thread put in is seen whole. An object's metadata (its name, uid, versions) and its
 * managed-fields entries (their times) are each object's own: they are walked, not shared, so that
 * they do not take the table's slots.
 *
 * <p>Parts are changed in place while they are walked (a child replaced by its shared copy) and
 * never after: nobody changes a cached object (JOSDK's rule; {@link LeanStore} checks it in tests).
 */
final class SharedParts {
  private static final String MODEL_PACKAGE = "io.fabric8.kubernetes.api.model";

  /** This operator's resource: its spec and status, and the resolved specs built from them. */
  private static final String API_PACKAGE = "com.suresoft.ams.operator.api.";

  /** The one table of the operator's caches: the informers' objects and the resolved specs. */
  static final SharedParts CACHES = new SharedParts(16);

  private final AtomicReferenceArray<Object> slots;

  SharedParts(int bits) {
    slots = new AtomicReferenceArray<>(1 << bits);
  }

  /**
   * Shares the parts of {@code object} (not {@code object} itself, which holds its own metadata);
   * returns it.
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  <T extends HasMetadata> T shareParts(T object) {
    var meta = object.getMetadata();
    if (meta != null) {
      // The object's own metadata: its parts are shared, not itself (see Walk).
      shareChildren(meta, new Walk(), null);
    }
    if (isModel(object.getClass())) {
      shareChildren(object, new Walk(), meta);
    }
    if (object instanceof CustomResource resource) {
      // Its spec and status are fields of fabric8's CustomResource, not of a model class.
      resource.setSpec(share(resource.getSpec()));
      resource.setStatus(share(resource.getStatus()));
    }
    return object;
  }

  /**
   * The shared copy of {@code part} (a resolved spec, a map of strings), its own parts shared
   * first.
   */
  @SuppressWarnings("unchecked")
  <T> T share(T part) {
    return (T) share(part, new Walk());
  }

  /**
   * One object's walk: whether the part being walked holds something of that object's own (a
   * managed-fields entry, with its time), so that it and the parts above it stay out of the table.
   * Such a part is never equal to another object's, and in the table it would keep a replaced
   * object's metadata alive. (A pod template's metadata is not the object's own: it is shared.)
   */
  private static final class Walk {
    boolean ownData;
  }

  /** The shared copy of {@code node}, after its own parts are shared. */
  private Object share(Object node, Walk walk) {
    if (node == null || isLeaf(node)) {
      return node;
    }
    boolean outer = walk.ownData;
    walk.ownData = false;
    int hash;
    if (node instanceof ArrayList<?> list) {
      hash = shareElements(list, walk);
    } else if (node.getClass() == LinkedHashMap.class) {
      hash = shareValues((Map<?, ?>) node, walk);
    } else if (isModel(node.getClass())) {
      hash = shareChildren(node, walk, null);
      walk.ownData |= node instanceof ManagedFieldsEntry;
    } else {
      // Immutable maps and lists (the shared maps of strings, empty ones) and anything else:
      // compared by their own equals.
      hash = node.hashCode();
    }
    boolean own = walk.ownData;
    walk.ownData = outer || own;
    // The class too: an empty list, an empty map and Map.of() would otherwise take one slot by
    // turns, and a part evicted between two objects is no longer shared by their parents.
    return own ? node : lookUp(node, 31 * node.getClass().hashCode() + hash);
  }

  @SuppressWarnings("unchecked")
  private int shareElements(ArrayList<?> list, Walk walk) {
    var elements = (ArrayList<Object>) list;
    int hash = 1;
    for (int i = 0; i < elements.size(); i++) {
      Object element = elements.get(i);
      Object shared = share(element, walk);
      if (shared != element) {
        elements.set(i, shared);
      }
      hash = 31 * hash + hashOf(shared);
    }
    return hash;
  }

  @SuppressWarnings("unchecked")
  private int shareValues(Map<?, ?> map, Walk walk) {
    int hash = 0;
    for (var entry : ((Map<Object, Object>) map).entrySet()) {
      Object value = entry.getValue();
      Object shared = share(value, walk);
      if (shared != value) {
        entry.setValue(shared);
      }
      hash += entry.getKey().hashCode() ^ hashOf(shared);
    }
    return hash;
  }

  /** Shares the parts {@code node}'s fields hold, all but {@code except}; returns their hash. */
  private int shareChildren(Object node, Walk walk, Object except) {
    int hash = node.getClass().hashCode();
    for (Field field : FIELDS.get(node.getClass())) {
      try {
        Object child = field.get(node);
        if (child == except) {
          continue;
        }
        Object shared = share(child, walk);
        if (shared != child) {
          field.set(node, shared);
        }
        hash = 31 * hash + hashOf(shared);
      } catch (IllegalAccessException e) {
        throw new IllegalStateException(e);
      }
    }
    return hash;
  }

  private Object lookUp(Object node, int hash) {
    int slot = (hash ^ (hash >>> 16)) & (slots.length() - 1);
    Object known = slots.getAcquire(slot);
    if (known == node || (known != null && sameContent(node, known))) {
      return known;
    }
    slots.setRelease(slot, node);
    return node;
  }

  /** Equal content, for two parts whose children are shared: their children are the same. */
  private static boolean sameContent(Object a, Object b) {
    if (a.getClass() != b.getClass()) {
      return false;
    }
    if (a instanceof List<?> x && b instanceof List<?> y) {
      if (x.size() != y.size()) {
        return false;
      }
      for (int i = 0; i < x.size(); i++) {
        if (!sameChild(x.get(i), y.get(i))) {
          return false;
        }
      }
      return true;
    }
    if (a.getClass() == LinkedHashMap.class) {
      var x = (Map<?, ?>) a;
      var y = (Map<?, ?>) b;
      if (x.size() != y.size()) {
        return false;
      }
      Iterator<? extends Map.Entry<?, ?>> others = y.entrySet().iterator();
      for (var entry : x.entrySet()) {
        // The same keys in the same order: the order is what a serialized copy shows.
        var other = others.next();
        if (!entry.getKey().equals(other.getKey())
            || !sameChild(entry.getValue(), other.getValue())) {
          return false;
        }
      }
      return true;
    }
    if (isModel(a.getClass())) {
      try {
        for (Field field : FIELDS.get(a.getClass())) {
          if (!sameChild(field.get(a), field.get(b))) {
            return false;
          }
        }
        return true;
      } catch (IllegalAccessException e) {
        throw new IllegalStateException(e);
      }
    }
    return a.equals(b);
  }

  private static boolean sameChild(Object a, Object b) {
    return a == b || (a != null && b != null && isLeaf(a) && a.equals(b));
  }

  /** A leaf's hash is its value's; a part's is its shared copy's identity. */
  private static int hashOf(Object child) {
    if (child == null) {
      return 0;
    }
    return isLeaf(child) ? child.hashCode() : System.identityHashCode(child);
  }

  private static boolean isLeaf(Object o) {
    return o instanceof String || o instanceof Number || o instanceof Boolean || o instanceof Enum;
  }

  /** A class whose fields are its content: fabric8's model and this operator's resource. */
  private static boolean isModel(Class<?> type) {
    String name = type.getName();
    return (name.startsWith(MODEL_PACKAGE) || name.startsWith(API_PACKAGE))
        && !type.isEnum()
        && !type.isRecord();
  }

  /** A model class's instance fields, its superclasses' included. */
  private static final ClassValue<Field[]> FIELDS =
      new ClassValue<>() {
        @Override
        protected Field[] computeValue(Class<?> type) {
          var fields = new ArrayList<Field>();
          for (Class<?> c = type; c != null && isModel(c); c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
              if (!Modifier.isStatic(f.getModifiers())) {
                f.setAccessible(true);
                fields.add(f);
              }
            }
          }
          return fields.toArray(Field[]::new);
        }
      };
}
