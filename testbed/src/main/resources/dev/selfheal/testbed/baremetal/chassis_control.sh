#!/bin/sh
# Chassis control program of the testbed's ipmi_sim (lan.conf: chassis_control "<this script>").
# ipmi_sim runs it through popen(3) as
#   chassis_control get <parm>...           and prints "<parm>:<value>" lines
#   chassis_control set <parm> "<value>"... and prints nothing on success
#   chassis_control check ...               (not supported: exit 1)
# parm is power (0|1), reset (1: a pulse), boot (none|pxe|default|cdrom|bios), shutdown (1: soft off)
# or identify ("<interval> <force>"). The machine's state lives in files next to this script:
#   power  "1" or "0"       boot  the next boot device       chassis.log  every request, one a line
dir=$(cd "$(dirname "$0")" && pwd) || exit 1
op=$1
[ $# -gt 0 ] && shift

echo "$op $*" >>"$dir/chassis.log"

store() { # file value: atomic, so readers never see a half-written file
    printf '%s\n' "$2" >"$dir/$1.tmp" && mv -f "$dir/$1.tmp" "$dir/$1"
}

case $op in
get)
    for parm in "$@"; do
        case $parm in
        power) v=$(cat "$dir/power" 2>/dev/null) || v=0; echo "power:${v:-0}" ;;
        boot) v=$(cat "$dir/boot" 2>/dev/null) || v=default; echo "boot:${v:-default}" ;;
        *) echo "Invalid parameter: $parm"; exit 1 ;;
        esac
    done
    ;;
set)
    while [ $# -gt 0 ]; do
        parm=$1
        if [ $# -lt 2 ]; then echo "No value present for parameter $parm"; exit 1; fi
        val=$2
        shift 2
        case $parm in
        power)
            case $val in 0|1) store power "$val" ;; *) echo "Invalid power value: $val"; exit 1 ;; esac ;;
        reset)
            # A reset pulse restarts a running machine; it stays on.
            count=$(cat "$dir/resets" 2>/dev/null) || count=0
            store resets $((${count:-0} + 1)) ;;
        shutdown)
            [ "$val" = 1 ] && store power 0 ;;
        boot)
            case $val in none|pxe|default|cdrom|bios) store boot "$val" ;; *) echo "Invalid boot value: $val"; exit 1 ;; esac ;;
        identify)
            store identify "$val" ;;
        *)
            echo "Invalid parameter: $parm"; exit 1 ;;
        esac
    done
    ;;
check)
    exit 1
    ;;
*)
    echo "Unknown operation: $op"
    exit 1
    ;;
esac
exit 0
