package com.suresoft.ams.operator.release;

import com.suresoft.ams.operator.model.Component;

/** RollingUpdate: the active slot is updated in place; done once every component runs it. */
final class RollingUpdateSteps {
  private RollingUpdateSteps() {}

  static boolean advance(Planning p) {
    var s = p.s;
    for (Component c : Component.APP_TIER) {
      if (!p.size.readyAt(c, s.getActiveSlot(), s.getCandidateVersion(), p.size.total(c))) {
        p.waitFor("rolling " + s.getStableVersion() + " -> " + s.getCandidateVersion());
        return false;
      }
    }
    p.complete(s.getActiveSlot());
    return false;
  }
}
