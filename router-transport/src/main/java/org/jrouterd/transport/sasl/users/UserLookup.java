package org.jrouterd.transport.sasl.users;

/** Finds a user's credentials by name. Implementations are safe to call from any I/O thread. */
@FunctionalInterface
public interface UserLookup {

    /** No users at all: every password check fails. */
    UserLookup NONE = name -> null;

    /** The user's credentials, or null when there is no such user. */
    UserCredentials find(String name);
}
