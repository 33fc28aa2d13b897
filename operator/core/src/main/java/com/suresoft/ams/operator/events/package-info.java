/**
 * Which watch events reach the reconciler, for which instance and when: the update filters of the
 * informers ({@link com.suresoft.ams.operator.events.RelevantChanges}), the mapping of an object
 * without an owner reference to its instance ({@link
 * com.suresoft.ams.operator.events.ByInstanceLabel}) and the window that gathers an instance's
 * events ({@link com.suresoft.ams.operator.events.EventWindow}). Informer events, not Kubernetes
 * Event objects (those the status records). A package of its own below {@code dependent} and {@code
 * controller}, because both declare informers with them.
 */
package com.suresoft.ams.operator.events;
