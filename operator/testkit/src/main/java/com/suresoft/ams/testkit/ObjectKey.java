package com.suresoft.ams.testkit;

/** Kind, namespace and name of an object the {@link ControllerSimulator} looks after. */
record ObjectKey(String kind, String namespace, String name) {

  @Override
  public String toString() {
    return kind + " " + namespace + "/" + name;
  }
}
