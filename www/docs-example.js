// The host side of the playground's postMessage API, as a docs page would write it.
//
// Each figure holds an <iframe> of the playground and Play / Pause buttons. A button posts
// {source: "mini-kafka-host", type: "play" | "pause"} to its own frame, addressed to the
// frame's origin. The playground answers {source: "mini-kafka-playground", type: "ready"}
// once it listens, and "loaded" or "error" after a load; the status next to the buttons
// shows the last answer.

"use strict";

function originOf(frame) {
  return new URL(frame.getAttribute("src"), document.baseURI).origin;
}

function send(frame, type, extra = {}) {
  frame.contentWindow?.postMessage({ source: "mini-kafka-host", type, ...extra }, originOf(frame));
}

const examples = [...document.querySelectorAll("figure.example")].map((figure) => ({
  frame: figure.querySelector("iframe"),
  status: figure.querySelector(".host-status"),
  buttons: [...figure.querySelectorAll("button[data-command]")],
}));

for (const { frame, status, buttons } of examples) {
  for (const button of buttons) {
    button.addEventListener("click", () => {
      send(frame, button.dataset.command);
      status.textContent = `sent ${button.dataset.command}`;
    });
  }
}

window.addEventListener("message", (event) => {
  const reply = event.data;
  if (typeof reply !== "object" || reply === null || reply.source !== "mini-kafka-playground") {
    return;
  }
  const example = examples.find(({ frame }) => frame.contentWindow === event.source);
  if (!example || event.origin !== originOf(example.frame)) {
    return;
  }
  example.status.textContent = reply.type === "error" ? `error: ${reply.message}` : reply.type;
});
