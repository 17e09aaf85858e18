// A little progressive enhancement; every page works without it (forms post, pages reload).
"use strict";

function csrf() {
  return document.body.dataset.csrf;
}

// 生成: start the build without leaving the page, then follow its progress until it ends.
function followBuild() {
  const form = document.getElementById("build-form");
  const box = document.getElementById("progress");
  if (!form || !box) return;
  const bar = document.getElementById("progress-bar");
  const text = document.getElementById("progress-text");
  const button = document.getElementById("build");

  function poll() {
    fetch("/build/status", { headers: { Accept: "application/json" } })
      .then((r) => r.json())
      .then((s) => {
        box.hidden = false;
        bar.max = Math.max(s.total, 1);
        bar.value = s.done;
        text.textContent = s.total ? `正在生成 ${s.done} / ${s.total}` : "正在读取数据、检查模板……";
        if (s.finished) {
          bar.value = bar.max;
          text.textContent = s.failed ? "没有生成，正在显示原因……" : `已完成 ${s.done} / ${s.total}`;
          setTimeout(() => window.location.reload(), 700); // long enough to read that it ended
        } else {
          setTimeout(poll, 300);
        }
      });
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    button.disabled = true;
    fetch("/build/start", {
      method: "POST",
      headers: { Accept: "application/json", "X-CSRF-Token": csrf() },
      body: new FormData(form),
    }).then(() => poll());
  });
  if (!box.hidden) poll(); // a build was already running when the page opened
}

// 模板: filter the variable catalog as the clerk types.
function searchVariables() {
  const input = document.getElementById("variable-search");
  const table = document.getElementById("variables");
  if (!input || !table) return;
  input.addEventListener("input", () => {
    const words = input.value.trim().toLowerCase();
    for (const row of table.querySelectorAll("tr:not(:first-child)")) {
      row.hidden = words !== "" && !row.textContent.toLowerCase().includes(words);
    }
  });
}

// Long steps (print bundle, check, upload): say that the page is working.
function busyButtons() {
  for (const form of document.querySelectorAll("form:not(#build-form)")) {
    form.addEventListener("submit", () => {
      const button = form.querySelector("button[type=submit]");
      if (button && !form.action.includes("/bundle/") && !form.action.endsWith("/reports/forms")) {
        button.disabled = true;
        button.textContent = "正在处理……";
      }
    });
  }
}

// 生成: a page-1 picture is drawn in the background on first request; ask again until it is there.
function retryThumbnails() {
  for (const img of document.querySelectorAll("img[data-thumbnail]")) {
    let tries = 0;
    const again = () => {
      if (++tries <= 60) setTimeout(() => (img.src = `${img.dataset.thumbnail}?try=${tries}`), 2000);
    };
    img.addEventListener("error", again);
    if (img.complete && img.naturalWidth === 0) again(); // it failed before this script ran

  }
}

// Say which files were chosen, in the picker's own words.
function namePickedFiles() {
  for (const input of document.querySelectorAll(".file-picker input")) {
    input.addEventListener("change", () => {
      const names = Array.from(input.files, (f) => f.name);
      if (!input.dataset.prompt) input.dataset.prompt = input.nextElementSibling.textContent;
      input.nextElementSibling.textContent = names.length
        ? `已选 ${names.length} 个：${names.join("、")}`
        : input.dataset.prompt;
    });
  }
}

// An error page's 返回 goes back to the page the clerk came from (without script: to 工作区).
function backLink() {
  const back = document.getElementById("back");
  if (back && window.history.length > 1) {
    back.addEventListener("click", (event) => {
      event.preventDefault();
      window.history.back();
    });
  }
}

document.addEventListener("DOMContentLoaded", () => {
  backLink();
  namePickedFiles();
  followBuild();
  retryThumbnails();
  searchVariables();
  busyButtons();
});
