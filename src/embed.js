// Scaling Lab's embed helper for course pages: sizes every Scaling Lab iframe on the page to
// its content, from the size messages the lab posts ({type: "scaling-lab:resize", height}).
// No dependencies; include it once, after the iframes or before:
//   <script src="https://where-the-lab-is-hosted/embed.js" async></script>
// It also re-dispatches each progress message as a DOM event on the iframe,
// "scaling-lab:progress" with the message as `detail`, for a page that wants to record it.
(function () {
  if (window.scalingLabEmbed) return;
  window.scalingLabEmbed = true;
  function frameOf(source) {
    var frames = document.getElementsByTagName('iframe');
    for (var i = 0; i < frames.length; i++) {
      if (frames[i].contentWindow === source) return frames[i];
    }
    return null;
  }
  window.addEventListener('message', function (event) {
    var data = event.data;
    if (!data || typeof data !== 'object' || data.version !== 1) return;
    var frame = frameOf(event.source);
    if (!frame) return;
    if (data.type === 'scaling-lab:resize' && typeof data.height === 'number' && data.height > 0) {
      // A whole pixel more than the content, so no scroll bar appears for a rounding.
      frame.style.height = Math.ceil(data.height) + 1 + 'px';
      frame.setAttribute('scrolling', 'no');
    } else if (data.type === 'scaling-lab:progress') {
      frame.dispatchEvent(new CustomEvent('scaling-lab:progress', { detail: data, bubbles: true }));
    }
  });
})();
