package com.suresoft.ams.operator.dependent;

/**
 * Thrown inside a dependent when an object of the name it would create exists and is not the
 * instance's: the set records it ({@link ChildWrites}) and applies the rest without it. Never
 * leaves the dependent.
 */
final class NotOwnedException extends RuntimeException {
  private final String kind;
  private final String name;

  NotOwnedException(String kind, String name) {
    super(kind + " " + name + " exists and is not this instance's", null, false, false);
    this.kind = kind;
    this.name = name;
  }

  String kind() {
    return kind;
  }

  String name() {
    return name;
  }
}
