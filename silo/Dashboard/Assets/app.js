// FlashSale live dashboard: renders the snapshots the silo sends over server-sent events
// (/dashboard/events) and ticks the countdowns between them. Text only (textContent), never HTML
// built from data.
"use strict";

(function () {
  let latest = null;
  let clockOffset = 0; // server time minus browser time, from the last snapshot

  const $ = (id) => document.getElementById(id);
  const el = (tag, attrs, ...children) => {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (key === "class") node.className = value; else node.setAttribute(key, value);
    }
    for (const child of children) node.append(child);
    return node;
  };
  const fmt = (n, digits) => (n === null || n === undefined) ? "–" : Number(n).toLocaleString("en-US", { maximumFractionDigits: digits ?? 0 });

  function duration(ms) {
    const s = Math.max(0, Math.floor(ms / 1000));
    const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), sec = s % 60;
    const two = (x) => String(x).padStart(2, "0");
    return (h > 0 ? h + ":" + two(m) : m) + ":" + two(sec);
  }

  function countdown(drop) {
    const now = Date.now() + clockOffset;
    const opens = drop.opensAt ? Date.parse(drop.opensAt) : null;
    const closes = drop.closesAt ? Date.parse(drop.closesAt) : null;
    if (drop.state === "Scheduled" || drop.state === "EarlyAccess") {
      return opens !== null && opens > now ? "opens in " + duration(opens - now) : "opening";
    }
    if (drop.state === "Open") {
      return closes !== null ? (closes > now ? "closes in " + duration(closes - now) : "closing") : "open";
    }
    return drop.state === "SoldOut" ? "sold out" : "closed";
  }

  function renderAlerts(alerts) {
    const box = $("alerts");
    box.replaceChildren(...alerts.map((a) => el("span", {
      class: "badge" + (a.active ? " active" : ""),
      "data-alert": a.name,
      "data-active": String(a.active),
      title: a.detail,
    }, a.name.replaceAll("_", " ") + (a.active ? " ●" : ""))));
  }

  function renderRooms(rooms) {
    const box = $("rooms");
    if (rooms.length === 0) {
      box.replaceChildren(el("p", { class: "empty" }, "No rooms yet."));
      return;
    }
    box.replaceChildren(...rooms.map((room) => {
      const rows = room.drops.map((d) => {
        const soldPct = d.quantity ? (100 * d.sold / d.quantity) : 0;
        const reservedPct = d.quantity ? (100 * d.reserved / d.quantity) : 0;
        // Widths through the CSSOM: the page's Content-Security-Policy refuses style attributes.
        const sold = el("span", { class: "sold" });
        const reserved = el("span", { class: "reserved" });
        sold.style.width = soldPct.toFixed(1) + "%";
        reserved.style.width = reservedPct.toFixed(1) + "%";
        const bar = el("div", { class: "bar" }, sold, reserved);
        return el("tr", { "data-drop": d.dropId },
          el("td", {}, d.title, el("br"), el("small", { class: "empty" }, d.dropId)),
          el("td", {}, el("span", { class: "drop-state state-" + d.state }, d.state)),
          el("td", { class: "countdown", "data-opens-at": d.opensAt || "", "data-closes-at": d.closesAt || "", "data-state": d.state }, countdown(d)),
          el("td", { class: "num quantity" }, fmt(d.quantity)),
          el("td", { class: "num remaining" }, fmt(d.remaining)),
          el("td", { class: "num reserved" }, fmt(d.reserved)),
          el("td", { class: "num sold" }, fmt(d.sold)),
          el("td", {}, bar));
      });
      const table = el("table", {},
        el("thead", {}, el("tr", {}, ...["drop", "state", "countdown", "quantity", "remaining", "reserved", "sold", ""].map(
          (h, i) => el("th", { class: i >= 3 && i <= 6 ? "num" : "" }, h)))),
        el("tbody", {}, ...rows));
      return el("div", { class: "room", "data-room": room.roomId },
        el("h3", {}, room.title + " ", el("small", { class: "empty" }, room.roomId),
          el("span", { class: "state state-" + room.state }, room.state),
          el("span", { class: "empty" }, " · " + fmt(room.viewers) + " viewers")),
        room.drops.length ? table : el("p", { class: "empty" }, "No drops."));
    }));
  }

  function renderTable(id, rows) {
    const body = $(id).tBodies[0];
    body.replaceChildren(...rows.map((cells) => el("tr", {}, ...cells.map((c, i) => el("td", { class: i > 0 && typeof c === "number" ? "num" : "" }, typeof c === "number" ? fmt(c) : c)))));
  }

  function render(s) {
    latest = s;
    clockOffset = Date.parse(s.at) - Date.now();
    $("silo").textContent = s.silo;
    $("grabs-per-second").textContent = fmt(s.traffic.grabsPerSecond, 1);
    $("grab-p99").textContent = fmt(s.traffic.grabP99Milliseconds, 2);
    $("rejections").textContent = fmt(s.traffic.rejectionsLastMinute);
    $("viewers").textContent = fmt(s.rooms.filter((r) => r.state === "Live").reduce((n, r) => n + r.viewers, 0));
    $("silo-count").textContent = fmt(s.silos.length);
    $("activations").textContent = fmt(s.activations);
    renderAlerts(s.alerts);
    renderRooms(s.rooms);
    const reasons = Object.entries(s.traffic.rejectionsByReason).sort((a, b) => b[1] - a[1]);
    renderTable("rejections-table", reasons.length ? reasons : [["none", 0]]);
    renderTable("silos-table", s.silos.map((x) => [x.name + " (" + x.address + ")", x.status, x.activations ?? "–"]));
    $("updated").textContent = new Date(Date.parse(s.at)).toLocaleTimeString() + " (#" + s.version + ")";
  }

  function tick() {
    if (!latest) return;
    for (const cell of document.querySelectorAll("td.countdown")) {
      cell.textContent = countdown({ state: cell.dataset.state, opensAt: cell.dataset.opensAt || null, closesAt: cell.dataset.closesAt || null });
    }
  }

  function connect() {
    const status = $("connection");
    const source = new EventSource("/dashboard/events");
    source.addEventListener("snapshot", (e) => {
      status.textContent = "live";
      status.className = "connection live";
      render(JSON.parse(e.data));
    });
    source.onerror = () => {
      status.textContent = "reconnecting…";
      status.className = "connection";
      if (source.readyState === EventSource.CLOSED) {
        // Refused (signed out or session expired): back to the sign-in form.
        fetch("/dashboard/snapshot", { credentials: "same-origin" }).then((r) => {
          if (r.status === 401) window.location.assign("/dashboard/login"); else setTimeout(connect, 2000);
        }, () => setTimeout(connect, 2000));
      }
    };
  }

  document.addEventListener("DOMContentLoaded", () => {
    connect();
    setInterval(tick, 250);
  });
})();
