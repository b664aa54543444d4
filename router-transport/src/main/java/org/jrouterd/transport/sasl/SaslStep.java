package org.jrouterd.transport.sasl;

/**
 * The result of evaluating one SASL response.
 *
 * @param status    what happens next
 * @param challenge the challenge to send when {@code status} is {@link Status#CHALLENGE}, else null
 * @param user      the authenticated identity when {@code status} is {@link Status#SUCCESS}, else null
 */
public record SaslStep(Status status, byte[] challenge, String user) {

    /** Outcome of one step. */
    public enum Status { SUCCESS, FAILURE, CHALLENGE }

    /** Authentication succeeded for {@code user}. */
    public static SaslStep success(String user) {
        return new SaslStep(Status.SUCCESS, null, user);
    }

    /** Authentication failed. */
    public static SaslStep failure() {
        return new SaslStep(Status.FAILURE, null, null);
    }

    /** Another round: send {@code challenge} and wait for a response. */
    public static SaslStep challenge(byte[] challenge) {
        return new SaslStep(Status.CHALLENGE, challenge, null);
    }
}
