/**
 * OS checks that report node-problem-detector condition types: kernel log patterns, read-only filesystems, disk
 * and inode pressure, clock skew ({@link dev.selfheal.agent.os.OsMonitor}).
 */
package dev.selfheal.agent.os;
