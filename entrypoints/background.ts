export default defineBackground(() => {
  console.info('Descant background started');
});
