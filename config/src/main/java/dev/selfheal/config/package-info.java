/**
 * The one reader of Selfheal's YAML configuration, used by the healer and the node agent alike: strict about
 * unknown and duplicate keys, nulls, aliases, value kinds and ranges, and naming the field of every problem.
 * It depends on the SPI (whose {@link dev.selfheal.spi.ConfigText} rules providers' settings share) and
 * SnakeYAML only.
 */
package dev.selfheal.config;
