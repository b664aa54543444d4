package org.jrouterd.mgmt.config;

/** Receives each section as soon as it has been read, so problems are reported in file order. */
@FunctionalInterface
interface SectionSink {

    /**
     * Takes one section.
     *
     * @param section the section
     * @throws ConfigException if the section is not acceptable
     */
    void accept(RawSection section) throws ConfigException;
}
