/**
 * The optional CRDs (Istio, cert-manager, Prometheus Operator, External Secrets, CloudNativePG,
 * Gateway API): which of them the cluster serves, in which versions ({@link
 * com.suresoft.ams.operator.controller.crds.CachedCrdPresence}), how a client addresses their kinds
 * while they are missing ({@link com.suresoft.ams.operator.controller.crds.OptionalKinds}), and the
 * activation conditions that switch the workflow's dependents of those kinds on and off ({@link
 * com.suresoft.ams.operator.controller.crds.CrdInstalled}). Part of the controller: only its wiring
 * and its workflow declaration use them; the dependents know nothing of CRDs.
 */
package com.suresoft.ams.operator.controller.crds;
