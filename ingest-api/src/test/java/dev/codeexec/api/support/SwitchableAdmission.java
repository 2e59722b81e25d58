package dev.codeexec.api.support;

import dev.codeexec.api.common.Caller;
import dev.codeexec.api.submission.Admission;
import dev.codeexec.api.common.Refusal;

/** Admits everything until told to refuse with a given refusal. */
public final class SwitchableAdmission implements Admission {

    public volatile Refusal refusal;

    @Override
    public void admit(Caller caller, int count) {
        if (refusal != null) {
            throw refusal;
        }
    }
}
