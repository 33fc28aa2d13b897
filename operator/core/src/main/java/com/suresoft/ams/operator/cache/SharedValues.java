package com.suresoft.ams.operator.cache;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A fixed table of values that many cached objects repeat (label maps, parts of {@code fieldsV1}),
 * handing out the copy it handed out last time for an equal value.
 *
 * <p>The table is direct-mapped, like {@link SharedStrings}' table of strings: a value's slot is
 * fixed by its hash and a newer value takes the slot of an older one, so the table never grows and
 * holds nothing for long that is not read again; a collision only costs a second copy. A value must
 * not change once it is in the table (callers put in values nobody changes: unmodifiable maps, or
 * parts of cached objects, which nobody changes by JOSDK's rule). Slots are published with release
 * and read with acquire semantics, so a value another thread put in is seen whole.
 */
final class SharedValues<T> {
  private final AtomicReferenceArray<T> slots;

  /** A table of {@code 2^bits} slots. */
  SharedValues(int bits) {
    slots = new AtomicReferenceArray<>(1 << bits);
  }

  /** The copy of {@code value} handed out before, if still in the table; else {@code value}. */
  T shared(T value) {
    int h = value.hashCode();
    int slot = (h ^ (h >>> 16)) & (slots.length() - 1);
    T known = slots.getAcquire(slot);
    if (known == value || value.equals(known)) {
      return known;
    }
    slots.setRelease(slot, value);
    return value;
  }
}
