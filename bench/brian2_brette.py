#!/usr/bin/python3
"""Brette et al. (2007) CUBA / COBA benchmark networks in Brian2.

Reference runs for brainsim. Run with Debian's interpreter (/usr/bin/python3),
which sees Debian's python3-brian (Brian2 2.5.1):

    /usr/bin/python3 bench/brian2_brette.py --model cuba --target cpp_standalone --json

Networks (N neurons, Ne = 0.8 N excitatory, Ni = N - Ne inhibitory, connection
probability p = 80/N from every presynaptic cell to every postsynaptic cell,
autapses allowed as in Brian2's CUBA example, dt = 0.1 ms, no external input):

CUBA (Brette 2007 benchmark 2 = Brian2 examples/CUBA.py):
    dv/dt  = (ge+gi-(v-El))/taum : volt (unless refractory)
    dge/dt = -ge/taue : volt
    dgi/dt = -gi/taui : volt
    taum 20 ms, taue 5 ms, taui 10 ms, Vt -50 mV, Vr -60 mV, El -49 mV,
    threshold v>Vt, reset v=Vr, refractory 5 ms, method 'exact'
    we = 60*0.27/10 mV = 1.62 mV (onto ge), wi = -20*4.5/10 mV = -9 mV (onto gi)
    v0 = Vr + rand()*(Vt-Vr), ge0 = gi0 = 0

COBA (Brette 2007 benchmark 1, Vogels & Abbott 2005). Brian2 ships no LIF COBA
example; this follows the published Brian script of the Brette 2007 review
(Brian 1 "COBA.py", R. Brette, Dec 2007), rewritten with absolute potentials:
    dv/dt  = (ge*(Ee-v)+gi*(Ei-v)-(v-El))/taum : volt (unless refractory)
    dge/dt = -ge/taue : 1
    dgi/dt = -gi/taui : 1
    (ge, gi dimensionless, in units of the leak conductance gl = 10 nS)
    taum 20 ms, taue 5 ms, taui 10 ms, Ee 0 mV, Ei -80 mV, El -60 mV,
    Vt -50 mV, Vr -60 mV, refractory 5 ms (v clamped), method 'euler'
    we = 6 nS / 10 nS = 0.6, wi = 67 nS / 10 nS = 6.7
    --init published (COBA default; the 2007 script's initial state):
        v0 = El + (randn()*5 - 5) mV, ge0 = randn()*1.5 + 4, gi0 = randn()*12 + 20
    --init uniform: v0 = Vr + rand()*(Vt-Vr), ge0 = gi0 = 0 (CUBA default)
    --init randn_v: v0 = El + (randn()*5 - 5) mV, ge0 = gi0 = 0
        (the v-only initialisation of Brian2's COBAHH example)
    COBA has no intrinsic drive (El = Vr < Vt): with ge0 = gi0 = 0 nothing
    ever spikes; the published initial conductances are what start activity.

COBA --coba-variant bias20 (the COBA of ANNarchy's Vogels-Abbott example and of
BrainPy's Brian2 benchmark script; brainsim's shipped "coba" is not this one:
it has the published initial state and no drive, as the default here):
    as above plus a constant drive I = 20 mV (El + I = -40 mV > Vt):
    dv/dt  = (ge*(Ee-v)+gi*(Ei-v)-(v-El)+I)/taum : volt (unless refractory)
    --init default for it is normal55: v0 = -55 mV + 5 mV*randn(), ge0 = gi0 = 0

Synaptic delay: --delay 0.1 (ms, the default, one time step; matches brainsim,
which needs delay >= dt). --delay 0 gives Brian2's default (no delay: a spike
is added to ge/gi in the same time step it is emitted).

Output: a human-readable summary, or with --json one JSON object.
"""

import argparse
import json
import os
import resource
import shutil
import sys
import tempfile
import time

T_SCRIPT = time.time()


def process_age():
    """Seconds since this process was created (from /proc), else None."""
    try:
        with open('/proc/self/stat') as f:
            fields = f.read().rsplit(')', 1)[1].split()
        start_ticks = int(fields[19])  # field 22 overall: starttime, in ticks since boot
        with open('/proc/uptime') as f:
            uptime = float(f.read().split()[0])
        age = uptime - start_ticks / os.sysconf('SC_CLK_TCK')
        return age if 0 <= age < 60 else None
    except Exception:
        return None


# Wall-clock time the process started: wall_s counts from here (interpreter
# start-up and imports included). Resolution ~10 ms.
_age = process_age()
T_PROC = T_SCRIPT - _age if _age is not None else T_SCRIPT


def parse_args(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--model', choices=['cuba', 'coba'], default='cuba')
    ap.add_argument('--neurons', type=int, default=4000)
    ap.add_argument('--duration', type=float, default=1.0, help='simulated seconds')
    ap.add_argument('--target', choices=['numpy', 'cython', 'cpp_standalone'],
                    default='cpp_standalone')
    ap.add_argument('--threads', type=int, default=1,
                    help='OpenMP threads (cpp_standalone only; 1 = no OpenMP)')
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--delay', type=float, default=0.1,
                    help='synaptic delay in ms (default 0.1; 0 = Brian2 default, no delay)')
    ap.add_argument('--coba-variant', choices=['brette2007', 'bias20'], default='brette2007',
                    help='COBA: brette2007 (published 2007 Brian script, no input; default) or '
                         'bias20 (constant 20 mV drive, as ANNarchy/BrainPy and brainsim)')
    ap.add_argument('--init', choices=['default', 'published', 'uniform', 'randn_v', 'normal55'],
                    default='default',
                    help='initial state (default: uniform for CUBA, published for COBA '
                         'brette2007, normal55 for COBA bias20)')
    ap.add_argument('--method', default=None,
                    help="integration method (default: exact for CUBA, euler for COBA)")
    ap.add_argument('--dt', type=float, default=0.1, help='time step in ms')
    ap.add_argument('--keep', action='store_true',
                    help='keep the cpp_standalone project directory')
    ap.add_argument('--json', action='store_true')
    return ap.parse_args(argv)


def rss_mb(ru_maxrss_kb):
    return ru_maxrss_kb / 1024.0


def main(argv=None):
    args = parse_args(argv)
    import warnings
    warnings.filterwarnings('ignore')
    t_imp = time.time()
    import numpy as np
    import brian2
    from brian2 import (ms, mV, second, NeuronGroup, Synapses, SpikeMonitor,
                        Network, defaultclock, prefs, set_device, device, seed)
    import_s = time.time() - t_imp
    brian2.BrianLogger.log_level_error()  # keep stdout clean for --json

    N = args.neurons
    Ne = int(round(0.8 * N))
    Ni = N - Ne
    p = min(1.0, 80.0 / N)
    model = args.model
    init = args.init
    variant = args.coba_variant if model == 'coba' else None
    if init == 'default':
        init = ('uniform' if model == 'cuba' else
                'published' if variant == 'brette2007' else 'normal55')
    method = args.method or ('exact' if model == 'cuba' else 'euler')

    standalone = args.target == 'cpp_standalone'
    proj_dir = None
    rss_file = None
    if standalone:
        proj_dir = tempfile.mkdtemp(prefix=f'brian2_{model}_{N}_')
        set_device('cpp_standalone', directory=proj_dir, build_on_run=False)
        prefs.devices.cpp_standalone.openmp_threads = args.threads if args.threads > 1 else 0
        if shutil.which('time') and os.path.exists('/usr/bin/time'):
            # Measure the simulation binary's own peak RSS, separate from g++.
            rss_file = os.path.join(proj_dir, 'main_maxrss_kb.txt')
            prefs.devices.cpp_standalone.run_cmd_unix = [
                '/usr/bin/time', '-f', '%M', '-o', rss_file, './main']
    else:
        prefs.codegen.target = args.target

    defaultclock.dt = args.dt * ms
    seed(args.seed)

    taum = 20 * ms
    taue = 5 * ms
    taui = 10 * ms
    Vt = -50 * mV
    Vr = -60 * mV
    if model == 'cuba':
        El = -49 * mV
        eqs = '''
        dv/dt  = (ge+gi-(v-El))/taum : volt (unless refractory)
        dge/dt = -ge/taue : volt
        dgi/dt = -gi/taui : volt
        '''
        we = (60 * 0.27 / 10) * mV
        wi = (-20 * 4.5 / 10) * mV
        ns = dict(taum=taum, taue=taue, taui=taui, Vt=Vt, Vr=Vr, El=El, we=we, wi=wi)
    else:
        El = -60 * mV
        Ee = 0 * mV
        Ei = -80 * mV
        eqs = '''
        dv/dt  = (ge*(Ee-v)+gi*(Ei-v)-(v-El))/taum : volt (unless refractory)
        dge/dt = -ge/taue : 1
        dgi/dt = -gi/taui : 1
        '''
        if variant == 'bias20':
            eqs = '''
            dv/dt  = (ge*(Ee-v)+gi*(Ei-v)-(v-El)+I)/taum : volt (unless refractory)
            dge/dt = -ge/taue : 1
            dgi/dt = -gi/taui : 1
            '''
        we = 6.0 / 10.0   # 6 nS / gl (10 nS)
        wi = 67.0 / 10.0  # 67 nS / gl
        ns = dict(taum=taum, taue=taue, taui=taui, Vt=Vt, Vr=Vr, El=El, Ee=Ee,
                  Ei=Ei, we=we, wi=wi, I=20 * mV)

    P = NeuronGroup(N, eqs, threshold='v>Vt', reset='v = Vr', refractory=5 * ms,
                    method=method, namespace=ns, name='P')
    if init == 'uniform':
        P.v = 'Vr + rand() * (Vt - Vr)'
        P.ge = 0 * (mV if model == 'cuba' else 1)
        P.gi = 0 * (mV if model == 'cuba' else 1)
    elif init == 'normal55':
        P.v = '-55*mV + 5*mV*randn()'
        P.ge = 0 * (mV if model == 'cuba' else 1)
        P.gi = 0 * (mV if model == 'cuba' else 1)
    elif init == 'randn_v':
        P.v = 'El + (randn() * 5 - 5)*mV'
        P.ge = 0 * (mV if model == 'cuba' else 1)
        P.gi = 0 * (mV if model == 'cuba' else 1)
    else:  # published (Brette 2007 Brian COBA script)
        if model != 'coba':
            sys.exit('--init published is only defined for COBA')
        P.v = 'El + (randn() * 5 - 5)*mV'
        P.ge = 'randn() * 1.5 + 4'
        P.gi = 'randn() * 12 + 20'

    Pe = P[:Ne]
    Pi = P[Ne:]
    syn_kw = {}
    if args.delay > 0:
        syn_kw['delay'] = args.delay * ms
    Ce = Synapses(Pe, P, on_pre='ge += we', namespace=ns, name='Ce', **syn_kw)
    Ci = Synapses(Pi, P, on_pre='gi += wi', namespace=ns, name='Ci', **syn_kw)
    Ce.connect(p=p)
    Ci.connect(p=p)
    mon = SpikeMonitor(P, record=True, name='mon')
    net = Network(P, Ce, Ci, mon)

    compile_s = None
    codegen_s = None
    setup_s = None
    binary_s = None
    t_build0 = time.time()
    if standalone:
        net.run(args.duration * second, namespace={})
        device.build(directory=proj_dir, compile=True, run=True, with_output=False)
        build_total = time.time() - t_build0
        compile_s = device.timers['compile']['make'] or 0.0
        if device.timers['compile']['clean']:
            compile_s += device.timers['compile']['clean']
        binary_s = device.timers['run_binary']
        loop_s = float(device._last_run_time)
        codegen_s = build_total - compile_s - binary_s
    else:
        # Warm-up: code generation (and for cython compilation or loading the
        # cached extension) happens in before_run; a 0-length run does exactly
        # that without advancing the simulation.
        net.run(0 * ms, namespace={})
        setup_s = time.time() - t_build0
        t0 = time.time()
        net.run(args.duration * second, namespace={})
        loop_s = time.time() - t0

    counts = np.asarray(mon.count[:], dtype=np.int64)
    # CV of the ISIs as brainsim reports it: for each neuron with at least
    # three spikes, std/mean of its own ISIs; then the mean over neurons.
    si = np.asarray(mon.i[:])
    st = np.asarray(mon.t[:] / ms)
    order = np.lexsort((st, si))
    si, st = si[order], st[order]
    isi = np.diff(st)
    keep = (si[1:] == si[:-1]) & (counts[si[1:]] >= 3)

    def cv_of(mask):
        # Per-neuron mean and std of the ISIs with bincount (vectorized).
        sel = keep & mask
        idx, x = si[1:][sel], isi[sel]
        if x.size == 0:
            return None
        cnt = np.bincount(idx, minlength=len(counts))
        s1 = np.bincount(idx, weights=x, minlength=len(counts))
        s2 = np.bincount(idx, weights=x * x, minlength=len(counts))
        ok = cnt > 0
        m = s1[ok] / cnt[ok]
        var = np.maximum(s2[ok] / cnt[ok] - m * m, 0)
        good = m > 0
        if not good.any():
            return None
        return float(np.mean(np.sqrt(var[good]) / m[good]))
    cv_isi = cv_of(np.ones_like(keep))
    cv_isi_exc = cv_of(si[1:] < Ne)
    cv_isi_inh = cv_of(si[1:] >= Ne)
    n_syn = int(len(Ce)) + int(len(Ci))
    T = args.duration
    spikes = int(counts.sum())
    rate = spikes / (N * T)
    rate_e = float(counts[:Ne].sum()) / (Ne * T) if Ne else float('nan')
    rate_i = float(counts[Ne:].sum()) / (Ni * T) if Ni else float('nan')
    wall_s = time.time() - T_PROC

    ru_self = rss_mb(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
    ru_child = rss_mb(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    sim_rss = ru_self
    if standalone:
        sim_rss = None
        if rss_file and os.path.exists(rss_file):
            try:
                with open(rss_file) as f:
                    sim_rss = rss_mb(float(f.read().strip().splitlines()[-1]))
            except Exception:
                sim_rss = None
    if proj_dir and not args.keep:
        shutil.rmtree(proj_dir, ignore_errors=True)

    res = {
        'simulator': 'brian2',
        'target': args.target,
        'model': model,
        'neurons': N,
        'synapses': n_syn,
        'duration_s': T,
        'rate_hz': rate,
        'rate_exc_hz': rate_e,
        'rate_inh_hz': rate_i,
        'cv_isi': cv_isi,
        'cv_isi_exc': cv_isi_exc,
        'cv_isi_inh': cv_isi_inh,
        # the fraction of neurons without a spike, as brainsim's "silent"
        'silent_exc': float(np.mean(counts[:Ne] == 0)) if Ne else float('nan'),
        'silent_inh': float(np.mean(counts[Ne:] == 0)) if Ni else float('nan'),
        'loop_s': loop_s,
        'wall_s': wall_s,
        'compile_s': compile_s,
        'peak_rss_mb': max(ru_self, ru_child),
        # extra detail
        'seed': args.seed,
        'delay_ms': args.delay,
        'delay_note': ('Brian2 default: no synaptic delay' if args.delay <= 0
                       else f'synaptic delay {args.delay} ms (default of this script)'),
        'init': init,
        'coba_variant': variant,
        'method': method,
        'dt_ms': args.dt,
        'threads': args.threads,
        'spikes': spikes,
        'n_exc': Ne,
        'n_inh': Ni,
        'p_connect': p,
        'codegen_s': codegen_s,       # standalone: build() minus make minus binary
        'binary_s': binary_s,         # standalone: whole ./main (connect, init, loop, write)
        'setup_s': setup_s,           # runtime: codegen/compile/cache load before the loop
        'import_s': import_s,
        'loadavg_1m': os.getloadavg()[0],  # machine load when the run ended
        'peak_rss_self_mb': ru_self,
        'peak_rss_children_mb': ru_child,  # largest child: g++ or ./main
        'peak_rss_sim_mb': sim_rss,   # the process that simulated (python or ./main)
        'brian2_version': brian2.__version__,
        'project_dir': proj_dir if args.keep else None,
    }
    if args.json:
        print(json.dumps(res))
    else:
        print(f"Brian2 {brian2.__version__} {args.target}: {model.upper()} N={N} "
              f"(Ne={Ne}, Ni={Ni}, p={p:.4g}), {n_syn} synapses, T={T} s, seed {args.seed}")
        print(f"  {'variant=' + variant + ' ' if variant else ''}init={init} method={method} dt={args.dt} ms  {res['delay_note']}")
        print(f"  rate: all {rate:.3f} Hz, exc {rate_e:.3f} Hz, inh {rate_i:.3f} Hz "
              f"({spikes} spikes), CV ISI {cv_isi if cv_isi is None else round(cv_isi, 3)}")
        extra = (f", compile {compile_s:.2f} s, codegen {codegen_s:.2f} s, binary {binary_s:.2f} s"
                 if standalone else f", setup {setup_s:.2f} s")
        print(f"  loop {loop_s:.3f} s, wall {wall_s:.2f} s{extra}")
        print(f"  peak RSS: {res['peak_rss_mb']:.1f} MB (self {ru_self:.1f}, largest child "
              f"{ru_child:.1f}, simulating process "
              f"{'n/a' if sim_rss is None else f'{sim_rss:.1f}'})")
    return 0


if __name__ == '__main__':
    sys.exit(main())
