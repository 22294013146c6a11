// PNG of a server-drawn SVG chart, made in the browser (no server round trip, no external library).
// A button with data-png-of="<element id>" downloads the first <svg> inside that element (or the
// n-th chart on the page with data-png-index) as a PNG at twice the drawn size.
(function () {
  "use strict";
  function chartFor(button) {
    var id = button.getAttribute("data-png-of");
    if (id) {
      var holder = document.getElementById(id);
      return holder && (holder.tagName.toLowerCase() === "svg" ? holder : holder.querySelector("svg"));
    }
    var index = parseInt(button.getAttribute("data-png-index") || "0", 10);
    return document.querySelectorAll("svg.chart")[index];
  }
  function download(button) {
    var svg = chartFor(button);
    if (!svg) { return; }
    var box = svg.viewBox && svg.viewBox.baseVal;
    var width = (box && box.width) || svg.clientWidth || 640;
    var height = (box && box.height) || svg.clientHeight || 400;
    var copy = svg.cloneNode(true);
    copy.setAttribute("xmlns", "http://www.w3.org/2000/svg");
    copy.setAttribute("width", width);
    copy.setAttribute("height", height);
    var text = new XMLSerializer().serializeToString(copy);
    var image = new Image();
    image.onload = function () {
      var canvas = document.createElement("canvas");
      canvas.width = width * 2;
      canvas.height = height * 2;
      var context = canvas.getContext("2d");
      context.fillStyle = "#ffffff";
      context.fillRect(0, 0, canvas.width, canvas.height);
      context.drawImage(image, 0, 0, canvas.width, canvas.height);
      canvas.toBlob(function (blob) {
        var link = document.createElement("a");
        link.href = URL.createObjectURL(blob);
        link.download = button.getAttribute("data-png-name") || "diagram.png";
        document.body.appendChild(link);
        link.click();
        setTimeout(function () { URL.revokeObjectURL(link.href); link.remove(); }, 1000);
      }, "image/png");
    };
    image.src = "data:image/svg+xml;charset=utf-8," + encodeURIComponent(text);
  }
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-png-of], [data-png-index]");
    if (button) { event.preventDefault(); download(button); }
  });
})();
