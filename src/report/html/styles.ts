/** The report's stylesheet: inline, no web fonts, light and dark. */
export const STYLES = `
:root{--bg:#fff;--fg:#1b1f24;--muted:#5c6670;--line:#d8dee4;--panel:#f6f8fa;--sel:#ddf4ff;
--same:#8fbc8f;--equivalent:#2da44e;--improved:#0969da;--drifted:#d4a72c;--changed:#bc4c00;--regressed:#cf222e;--error:#6e7781;
--ins:#d1f7c4;--del:#ffd7d5;--ok:#1a7f37;--bad:#cf222e;color-scheme:light dark}
@media (prefers-color-scheme:dark){:root{--bg:#0d1117;--fg:#e6edf3;--muted:#8d96a0;--line:#30363d;--panel:#161b22;--sel:#1f3349;--ins:#1f4d2b;--del:#5a1e22;--ok:#3fb950;--bad:#f85149}}
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:var(--bg);color:var(--fg)}
a{color:var(--improved)}
pre,code,.id,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12.5px}
body>header{padding:14px 20px;border-bottom:1px solid var(--line);display:flex;flex-wrap:wrap;gap:4px 16px;align-items:baseline}
body>header h1{font-size:20px;margin:0}
.muted,body>header .meta{color:var(--muted)}
main{padding:0 20px 20px}
.summary{display:grid;grid-template-columns:repeat(auto-fill,minmax(360px,1fr));gap:16px;margin:16px 0}
.card{border:1px solid var(--line);border-radius:8px;padding:12px 14px;border-top:4px solid var(--muted)}
.card.d-replaceable{border-top-color:var(--equivalent)}.card.d-review{border-top-color:var(--drifted)}.card.d-keep-pinned{border-top-color:var(--regressed)}
.card header{display:flex;justify-content:space-between;align-items:center;gap:8px}
.card h2{margin:0;font-size:17px;word-break:break-all}.card h3{font-size:12px;margin:12px 0 2px;color:var(--muted);font-weight:600}
.decision{padding:2px 10px;border-radius:999px;font-weight:700;color:#fff;white-space:nowrap}
.decision.d-replaceable{background:var(--equivalent)}.decision.d-review{background:#9a6700}.decision.d-keep-pinned{background:var(--regressed)}
.headline{margin:6px 0 10px}
.figs{display:flex;flex-wrap:wrap;gap:6px 18px;margin-bottom:10px}
.fig b{display:block;font-size:20px}.fig span{color:var(--muted);font-size:12px}.fig.bad b{color:var(--bad)}
.vbar{display:flex;height:18px;border-radius:4px;overflow:hidden;background:var(--panel)}
.vbar .seg{display:flex;align-items:center;justify-content:center;color:#fff;font-size:11px;font-weight:600;cursor:pointer;min-width:3px}
.legend{display:flex;flex-wrap:wrap;gap:4px 12px;font-size:12px;color:var(--muted);margin-top:4px}
.legend i{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:4px;vertical-align:-1px}
.v-same{background:var(--same)}.v-equivalent{background:var(--equivalent)}.v-improved{background:var(--improved)}.v-drifted{background:var(--drifted)}.v-changed{background:var(--changed)}.v-regressed{background:var(--regressed)}.v-error{background:var(--error)}
.hist{width:100%;max-width:420px;height:auto;display:block}
.hist .cand,.h-cand{fill:var(--improved);background:var(--improved)}.hist .own{fill:none;stroke:var(--muted);stroke-dasharray:2 2}.h-own{border:1px dashed var(--muted)}
.hist .axis{stroke:var(--line)}.hist .floor{stroke:var(--regressed);stroke-dasharray:4 3}
.hist text{fill:var(--muted);font-size:9px}.hist .floor-label{fill:var(--regressed)}
.cost{margin:8px 0 0}.beside{margin-top:6px;font-size:12.5px}.beside th{font-weight:500;color:var(--muted)}.beside thead th{font-size:11px}.bad{color:var(--bad)}.ok{color:var(--ok)}
details summary{cursor:pointer;color:var(--muted)}
table{border-collapse:collapse}th,td{text-align:left;padding:3px 10px 3px 0;vertical-align:top}
.targets .scroll{overflow-x:auto}.targets .scroll[data-overflow~=right]{box-shadow:inset -14px 0 12px -12px rgba(0,0,0,.45)}.targets .scroll[data-overflow~=left]{box-shadow:inset 14px 0 12px -12px rgba(0,0,0,.45)}.targets .scroll[data-overflow~=left][data-overflow~=right]{box-shadow:inset -14px 0 12px -12px rgba(0,0,0,.45),inset 14px 0 12px -12px rgba(0,0,0,.45)}
.scroll-cue{display:none;margin:2px 0 0;font-size:12px;color:var(--muted)}.targets .scroll[data-overflow]+.scroll-cue{display:block}
.mark.crit{color:#fff;background:var(--regressed);border-color:var(--regressed);font-weight:600}.targets table{width:100%;white-space:nowrap}.targets thead th{border-bottom:1px solid var(--line);font-size:12px;color:var(--muted)}.n{text-align:right}
#cases{margin-top:18px;border-top:1px solid var(--line);display:flex;flex-direction:column;height:100vh}
.filters{display:flex;flex-wrap:wrap;gap:8px;align-items:center;padding:10px 0;border-bottom:1px solid var(--line)}
.filters input[type=search]{flex:1 1 220px;padding:5px 8px}
.filters select,.filters>button,.filters input{font:inherit;color:inherit;background:var(--bg);border:1px solid var(--line);border-radius:6px;padding:4px 8px}
#chips{display:flex;flex-wrap:wrap;gap:4px}
.chip{font:inherit;font-size:12px;color:#fff;border:2px solid transparent;border-radius:999px;padding:2px 10px;opacity:.6;cursor:pointer}.chip:hover{opacity:.85}.chip.on{opacity:1;border-color:var(--fg)}
#count{color:var(--muted);margin-left:auto}
.panes{display:grid;grid-template-columns:minmax(300px,36%) 1fr;gap:0;flex:1;min-height:0}
.list{overflow:auto;border-right:1px solid var(--line);outline:none}
.spacer{position:relative}
.row{position:absolute;left:0;right:0;height:44px;display:flex;align-items:center;gap:8px;padding:0 10px;border-bottom:1px solid var(--line);cursor:pointer;white-space:nowrap}
.row:hover{background:var(--panel)}.row.sel{background:var(--sel);box-shadow:inset 3px 0 0 var(--improved)}.row.open .id{font-weight:700}
.row .id{flex:1;overflow:hidden;text-overflow:ellipsis}.row .rc{color:var(--muted);max-width:90px;overflow:hidden;text-overflow:ellipsis;font-size:12px}
.row sup{color:var(--muted);margin-left:2px}.row sup.warn,.mark.warn{color:var(--changed)}.row sup.rev,.mark.reviewed{color:var(--improved)}
.row .sim{width:78px;font-size:12px;position:relative;text-align:right;padding-right:2px}.row .sim i{position:absolute;left:0;bottom:-3px;height:3px;background:var(--improved);border-radius:2px}
.row .len{width:48px;text-align:right;font-size:12px;color:var(--muted)}
.badge{display:inline-block;min-width:78px;text-align:center;padding:1px 6px;border-radius:4px;color:#fff;font-size:12px;font-weight:600}
.detail{overflow:auto;padding:0 0 30px 18px}
.case header{display:flex;flex-wrap:wrap;gap:6px 10px;align-items:center;margin:12px 0 4px}.case h2{margin:0;font-size:18px;word-break:break-all}
.case h3{font-size:13px;margin:16px 0 6px}.case h4{margin:0 0 4px;font-size:12px;color:var(--muted);font-weight:600}
.cand{color:var(--muted)}.mark{font-size:12px;border:1px solid var(--line);border-radius:4px;padding:0 5px;color:var(--muted)}
.tag{font-size:12px;background:var(--panel);border:1px solid var(--line);border-radius:999px;padding:0 8px}
.reasons{margin:6px 0;padding-left:20px}
.toolbar{display:flex;gap:8px;align-items:center;margin-bottom:8px}.modes button{font:inherit;border:1px solid var(--line);background:var(--bg);color:inherit;padding:3px 10px;cursor:pointer}
.modes button:first-child{border-radius:6px 0 0 6px}.modes button:last-child{border-radius:0 6px 6px 0}.modes button.on{background:var(--sel);font-weight:600}
pre.out,.prompt pre{white-space:pre-wrap;word-wrap:break-word;margin:0;padding:8px 10px;background:var(--panel);border:1px solid var(--line);border-radius:6px;max-height:70vh;overflow:auto}
.diff-side{display:grid;grid-template-columns:1fr 1fr;gap:10px}
ins{background:var(--ins);text-decoration:none;border-radius:2px}del{background:var(--del);text-decoration:line-through;text-decoration-color:var(--muted);border-radius:2px}
.note{color:var(--muted);font-style:italic}
.evidence{display:flex;flex-wrap:wrap;gap:10px 40px}.kv th{font-weight:500;color:var(--muted);padding-right:16px;white-space:nowrap}
.assertions thead th{font-size:12px;color:var(--muted);border-bottom:1px solid var(--line)}
.msg{margin-bottom:6px}.msg b{font-size:12px;color:var(--muted);display:block}
.sample{margin:6px 0 10px}.sample .meta{margin:0 0 2px;font-size:12px;color:var(--muted)}
.empty{color:var(--muted);padding:20px}
.rewrites h3{font-size:13px;margin:10px 0 2px}.rewrites ul{margin:0;padding-left:20px}
.warn-banner{margin:16px 0 0;padding:8px 12px;border:1px solid var(--changed);border-left-width:4px;border-radius:6px;background:var(--panel)}
@media (max-width:900px){#cases{height:auto}.panes{grid-template-columns:1fr}.list{height:50vh;border-right:0}.detail{padding-left:0}.diff-side{grid-template-columns:1fr}}
@media (max-width:600px){main{padding:0 12px 16px}.row{flex-wrap:wrap;align-content:center;row-gap:2px;line-height:18px}.row .id{flex:1 0 100%;order:-1}.row .len{display:none}.badge{min-width:0}}
.row .crit{padding:0 4px;font-size:11px}
.my-review{display:flex;flex-wrap:wrap;gap:6px 8px;align-items:center;margin:8px 0;padding:8px;border:1px solid var(--line);border-radius:6px;background:var(--panel)}
.my-review button,.review-actions button{font:inherit;padding:2px 10px;border:1px solid var(--line);border-radius:4px;background:var(--bg);color:var(--fg);cursor:pointer}
.my-review button.review-accept.on{background:var(--equivalent);color:#fff}.my-review button.review-reject.on{background:var(--regressed);color:#fff}
.my-review .note{flex:1 1 180px;min-width:120px;font:inherit;padding:2px 6px}.my-review .status{font-size:12px}
.reviews{border:1px solid var(--line);border-radius:8px;padding:8px 14px;margin:0 0 16px}.reviews h2{font-size:15px;margin:4px 0}
.review-actions{display:flex;flex-wrap:wrap;gap:6px 10px;align-items:center}.review-actions input{font:inherit;padding:2px 6px}
#review-export{width:100%;font-family:ui-monospace,monospace;font-size:12px;margin-top:6px}.row sup.mine{color:var(--improved)}
.since,.trend{border:1px solid var(--line);border-radius:8px;padding:8px 14px;margin:16px 0}.since h2,.trend h2{font-size:15px;margin:4px 0}.since ul{margin:4px 0;padding-left:20px}
.trend table{white-space:nowrap;border-collapse:collapse}.trend td,.trend th{padding:2px 8px;text-align:left}.trend td.n,.trend th.n{text-align:right}.trend tbody th{vertical-align:top}.spark{color:var(--improved);vertical-align:middle}
`;
