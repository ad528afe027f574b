# Simulated hosts on one machine (source this file; needs root). Each silo can get:
#   - its own cgroup v1 cpu group with a CPU quota (cpu.cfs_period_us 10000: with the default 100 ms
#     period a capped process runs in long bursts and pauses, and scale-out figures came out wrong),
#     and DOTNET_ProcessorCount=1 so the runtime sizes its thread pool and GC for one core;
#   - its own network namespace, joined to a bridge in the root namespace by a veth pair, with an
#     address in a private /24 the harness picks (10.213.N.0/24, N unused on this machine), a netem
#     delay of 0.5 ms on both ends when the kernel has netem, and a link that can be cut and healed.
# Names carry a per-run id; hosts_cleanup (installed on EXIT by hosts_init) removes everything this
# run created. Traffic only goes to loopback and to the namespaces created here.
#
#   source bench/lib/hosts.sh; hosts_init
#   hosts_cpu_group silo1 0.15                # group dir in ${HOSTS_GROUP[silo1]}
#   hosts_net_init                            # bridge + subnet: HOSTS_GATEWAY is the root side address
#   hosts_netns silo1                         # namespace flashsale-<run>-silo1, address ${HOSTS_ADDRESS[silo1]}
#   hosts_exec silo1 "${HOSTS_GROUP[silo1]}" dotnet Silo.dll … &   # in the namespace and group ("" = none)
# (Call hosts_cpu_group and hosts_netns directly, not in $(…): they record what to clean up.)
#   hosts_cut silo1; hosts_heal silo1         # link down / up (the root side of the veth)
#   hosts_isolate silo1 silo2 silo3           # blackhole routes between silo1 and the others only

HOSTS_CPU_ROOT=${HOSTS_CPU_ROOT:-/sys/fs/cgroup/cpu}
HOSTS_PERIOD_US=10000
HOSTS_RUN=""
HOSTS_BRIDGE=""
HOSTS_SUBNET=""
HOSTS_GATEWAY=""
HOSTS_NETEM=""
declare -a HOSTS_GROUPS=()
declare -a HOSTS_NAMESPACES=()
declare -A HOSTS_ADDRESS=()
declare -A HOSTS_VETH=()
declare -A HOSTS_GROUP=()

hosts_die() { echo "hosts: $*" >&2; exit 1; }

# Fails with a clear message unless this shell can create groups and namespaces.
hosts_require_root() {
  [[ $(id -u) -eq 0 ]] || hosts_die "simulated hosts need root (cgroups, network namespaces); run as root"
  [[ -w $HOSTS_CPU_ROOT/cgroup.procs ]] || hosts_die "no writable cgroup v1 cpu controller at $HOSTS_CPU_ROOT"
}

hosts_init() {
  hosts_require_root
  HOSTS_RUN=$(printf '%04x' $(( (RANDOM << 1 ^ $$) & 0xffff )))
  trap hosts_cleanup EXIT
  trap 'exit 130' INT TERM
}

# hosts_cpu_group NAME SHARE: a group in ${HOSTS_GROUP[NAME]}. SHARE in cores (0.15); 0 or "" = no cap.
hosts_cpu_group() {
  local name=$1 share=${2:-0} dir
  dir="$HOSTS_CPU_ROOT/flashsale-$HOSTS_RUN-$name"
  mkdir "$dir" || hosts_die "cannot create $dir"
  HOSTS_GROUPS+=("$dir")
  echo "$HOSTS_PERIOD_US" >"$dir/cpu.cfs_period_us"
  local quota
  quota=$(awk -v s="$share" -v p="$HOSTS_PERIOD_US" 'BEGIN { q = int(s * p + 0.5); print (s > 0 ? (q < 1000 ? 1000 : q) : -1) }')
  echo "$quota" >"$dir/cpu.cfs_quota_us"
  HOSTS_GROUP[$name]=$dir
}

# Picks 10.213.N.0/24 with N not used by any address on this machine, and a bridge for it.
hosts_net_init() {
  local used n
  used=$(ip -o -4 addr show | awk '{print $4}')
  for n in $(shuf -i 1-254 -n 254); do
    grep -q "^10\.213\.$n\." <<<"$used" || break
  done
  HOSTS_SUBNET="10.213.$n"
  HOSTS_GATEWAY="$HOSTS_SUBNET.1"
  HOSTS_BRIDGE="fsbr$HOSTS_RUN"
  ip link add "$HOSTS_BRIDGE" type bridge || hosts_die "cannot create bridge $HOSTS_BRIDGE"
  ip addr add "$HOSTS_GATEWAY/24" dev "$HOSTS_BRIDGE"
  ip link set "$HOSTS_BRIDGE" up
  if ip link add "fsnt$HOSTS_RUN" type veth peer name "fsnu$HOSTS_RUN" 2>/dev/null; then
    tc qdisc add dev "fsnt$HOSTS_RUN" root netem delay 0.5ms 2>/dev/null && HOSTS_NETEM=yes || HOSTS_NETEM=no
    ip link del "fsnt$HOSTS_RUN" 2>/dev/null
  fi
  [[ $HOSTS_NETEM == yes ]] || echo "hosts: this kernel has no netem qdisc: links run without the 0.5 ms delay" >&2
}

# hosts_netns NAME: namespace flashsale-<run>-NAME on the bridge, address in ${HOSTS_ADDRESS[NAME]}.
hosts_netns() {
  local name=$1 index=$(( ${#HOSTS_NAMESPACES[@]} + 10 ))
  local ns="flashsale-$HOSTS_RUN-$name" veth="fsh$HOSTS_RUN$(( index - 10 ))" address="$HOSTS_SUBNET.$index"
  ip netns add "$ns" || hosts_die "cannot create namespace $ns"
  HOSTS_NAMESPACES+=("$ns")
  ip link add "$veth" type veth peer name "${veth}p"
  HOSTS_VETH[$name]=$veth
  ip link set "${veth}p" netns "$ns"
  ip link set "$veth" master "$HOSTS_BRIDGE"
  ip link set "$veth" up
  ip -n "$ns" link set lo up
  ip -n "$ns" link set "${veth}p" name eth0
  ip -n "$ns" addr add "$address/24" dev eth0
  ip -n "$ns" link set eth0 up
  if [[ $HOSTS_NETEM == yes ]]; then
    tc qdisc add dev "$veth" root netem delay 0.5ms
    ip netns exec "$ns" tc qdisc add dev eth0 root netem delay 0.5ms
  fi
  HOSTS_ADDRESS[$name]=$address
}

# hosts_exec NAME GROUPDIR CMD... : execs CMD in NAME's namespace (none if NAME is "") inside the
# cpu group GROUPDIR (none if ""). A capped process also gets DOTNET_ProcessorCount=1.
hosts_exec() {
  local name=$1 group=$2; shift 2
  local wrap=()
  [[ -n $name ]] && wrap=(ip netns exec "flashsale-$HOSTS_RUN-$name")
  if [[ -n $group ]]; then
    export DOTNET_ProcessorCount=1
    echo $BASHPID >"$group/cgroup.procs"
  fi
  exec "${wrap[@]}" "$@"
}

hosts_cut() { ip link set "${HOSTS_VETH[$1]}" down; }
hosts_heal() { ip link set "${HOSTS_VETH[$1]}" up; }

# hosts_isolate NAME OTHER... : NAME and the others no longer reach each other (the gateway, i.e.
# the database and the clients in the root namespace, still reach all of them).
hosts_isolate() {
  local name=$1 other; shift
  for other in "$@"; do
    ip -n "flashsale-$HOSTS_RUN-$name" route add blackhole "${HOSTS_ADDRESS[$other]}/32"
    ip -n "flashsale-$HOSTS_RUN-$other" route add blackhole "${HOSTS_ADDRESS[$name]}/32"
  done
}

# CPU ticks (user + system) a cpu group has used so far (cpuacct when mounted, else the processes').
hosts_group_ticks() {
  local group=$1 pid total=0
  for pid in $(cat "$group/cgroup.procs" 2>/dev/null); do
    total=$(( total + $(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo 0) ))
  done
  echo "$total"
}

hosts_cleanup() {
  local group pid ns
  set +e
  [[ -n $HOSTS_RUN ]] || return 0
  # By the run's prefix as well as by the lists, so nothing is left even if a list was lost.
  for group in "${HOSTS_GROUPS[@]}" "$HOSTS_CPU_ROOT/flashsale-$HOSTS_RUN-"*; do
    [[ -d $group ]] || continue
    # A group can only go once empty: whatever is left goes back to the parent group.
    for pid in $(cat "$group/cgroup.procs" 2>/dev/null); do echo "$pid" >"$HOSTS_CPU_ROOT/cgroup.procs" 2>/dev/null || true; done
    rmdir "$group" 2>/dev/null || echo "hosts: could not remove $group" >&2
  done
  HOSTS_GROUPS=()
  for ns in "${HOSTS_NAMESPACES[@]}" $(ip netns list 2>/dev/null | awk -v p="flashsale-$HOSTS_RUN-" 'index($1, p) == 1 {print $1}'); do
    ip netns del "$ns" 2>/dev/null || true
  done
  HOSTS_NAMESPACES=()
  local veth
  for veth in "${HOSTS_VETH[@]}"; do ip link del "$veth" 2>/dev/null || true; done
  [[ -z $HOSTS_BRIDGE ]] || ip link del "$HOSTS_BRIDGE" 2>/dev/null || true
  HOSTS_BRIDGE=""
  return 0
}

# hosts_cpu_cap NAME SHARE : changes the quota of NAME's group (0 = no cap), e.g. to let a silo start
# uncapped and cap it when the measured load begins.
hosts_cpu_cap() {
  local dir=${HOSTS_GROUP[$1]} quota
  quota=$(awk -v s="${2:-0}" -v p="$HOSTS_PERIOD_US" 'BEGIN { q = int(s * p + 0.5); print (s > 0 ? (q < 1000 ? 1000 : q) : -1) }')
  echo "$quota" >"$dir/cpu.cfs_quota_us"
}

# Periods in which NAME's group ran out of quota so far.
hosts_throttled() { awk '$1 == "nr_throttled" {print $2}' "${HOSTS_GROUP[$1]}/cpu.stat"; }
